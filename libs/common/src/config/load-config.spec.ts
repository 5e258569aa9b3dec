import { ConfigError, baseConfigSpec, loadConfig, parseTrustedProxies, port } from './load-config';

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

  it('trusts the proxy hops or addresses it is told, never every one', () => {
    expect(loadConfig(spec, { DATABASE_URL: 'postgresql://localhost/x' }).TRUST_PROXY).toBe(1);
    expect(parseTrustedProxies('2')).toBe(2);
    expect(parseTrustedProxies('false')).toBe(0);
    expect(parseTrustedProxies('10.0.0.0/8, 172.16.0.5')).toEqual(['10.0.0.0/8', '172.16.0.5']);
    expect(() => loadConfig(spec, { DATABASE_URL: 'postgresql://localhost/x', TRUST_PROXY: 'true' })).toThrow(
      /hop count/,
    );
    expect(() => parseTrustedProxies('gateway')).toThrow(/hop count/);
  });
});
