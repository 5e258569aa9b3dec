import { ConfigError, baseConfigSpec, loadConfig, port } from './load-config';

describe('loadConfig', () => {
  const spec = { ...baseConfigSpec, PORT: port({ default: 3000 }) };

  it('reads and converts settings, with defaults', () => {
    const config = loadConfig(spec, { DATABASE_URL: 'postgresql://localhost/x', PORT: '4000' });
    expect(config.PORT).toBe(4000);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DATABASE_URL).toBe('postgresql://localhost/x');
  });

  it('names every bad or missing setting in one line', () => {
    expect(() => loadConfig(spec, { PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig(spec, { PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^Invalid configuration: /);
      expect(message).toContain('DATABASE_URL is missing');
      expect(message).toMatch(/PORT: .*eighty/);
      expect(message).toMatch(/LOG_LEVEL: /);
    }
  });
});
