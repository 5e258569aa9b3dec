import { InvalidBlobKeyError, blobKeySegments, isValidBlobKey } from './blob-store';

describe('blob keys', () => {
  it.each([
    'recordings/1b4e28ba-2fa1-11d2-883f-0016d3cca427/9c5b94b1-35ad-49bb-b118-8e8fc24abf80',
    'a',
    'a/b.c/d_e-f',
    'file.tar.gz',
    'x'.repeat(255),
  ])('accepts %s', (key) => {
    expect(isValidBlobKey(key)).toBe(true);
    expect(blobKeySegments(key)).toEqual(key.split('/'));
  });

  it.each([
    ['empty', ''],
    ['parent', '..'],
    ['current', '.'],
    ['parent segment', 'a/../b'],
    ['leading parent', '../etc/passwd'],
    ['absolute', '/etc/passwd'],
    ['trailing slash', 'a/'],
    ['empty segment', 'a//b'],
    ['dot segment', 'a/./b'],
    ['hidden (temporary) name', 'a/.b'],
    ['backslash', 'a\\..\\b'],
    ['NUL', 'a\0b'],
    ['space', 'a b'],
    ['colon', 'c:/x'],
    ['percent encoding', '%2e%2e/x'],
    ['segment too long', 'x'.repeat(256)],
    ['key too long', Array.from({ length: 600 }, () => 'ab').join('/')],
  ])('refuses %s', (_name, key) => {
    expect(isValidBlobKey(key)).toBe(false);
    expect(() => blobKeySegments(key)).toThrow(InvalidBlobKeyError);
  });
});
