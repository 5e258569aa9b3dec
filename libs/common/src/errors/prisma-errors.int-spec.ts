import { TestDatabase, TestkitClient, createTestDatabase, createTestkitClient } from '@diallink/testing';
import { mapException } from './exception-mapping';
import {
  isForeignKeyViolation,
  isPrismaKnownError,
  isRecordNotFound,
  isUniqueViolation,
  uniqueViolationColumns,
} from './prisma-errors';

/** The errors as Prisma 7 raises them through the PostgreSQL driver adapter, from a real database. */
describe('Prisma errors against PostgreSQL', () => {
  let database: TestDatabase;
  let prisma: TestkitClient;
  let tenantId: string;
  const MISSING = '00000000-0000-4000-8000-000000000000';

  const failure = (write: Promise<unknown>): Promise<unknown> =>
    write.then(
      () => {
        throw new Error('the write succeeded');
      },
      (error: unknown) => error,
    );
  const user = (email: string) => ({ tenantId, email, passwordHash: 'x', firstName: 'Ada', lastName: 'Lovelace' });
  const recording = (storageKey: string) => ({
    tenantId,
    contentType: 'audio/mpeg',
    sizeBytes: 1n,
    sha256: 'x',
    storageKey,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = createTestkitClient(database.url);
    tenantId = (await prisma.tenant.create({ data: { name: 'Acme' } })).id;
    await prisma.user.create({ data: user('ada@example.test') });
    await prisma.recording.create({ data: recording('recordings/a') });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it('recognises a unique violation, and which columns it is on', async () => {
    const duplicateEmail = await failure(prisma.user.create({ data: user('ada@example.test') }));
    expect(isUniqueViolation(duplicateEmail)).toBe(true);
    expect(isUniqueViolation(duplicateEmail, ['email'])).toBe(true);
    expect(isUniqueViolation(duplicateEmail, ['tenant_id', 'email'])).toBe(false);
    expect(isUniqueViolation(duplicateEmail, ['storage_key'])).toBe(false);
    expect(isRecordNotFound(duplicateEmail)).toBe(false);
    expect(isForeignKeyViolation(duplicateEmail)).toBe(false);

    // Columns as the database names them (the field is storageKey).
    const duplicateKey = await failure(prisma.recording.create({ data: recording('recordings/a') }));
    expect(isPrismaKnownError(duplicateKey) && uniqueViolationColumns(duplicateKey)).toEqual(['storage_key']);
    expect(isUniqueViolation(duplicateKey, ['storage_key'])).toBe(true);
    expect(isUniqueViolation(duplicateKey, ['storageKey'])).toBe(false);
  });

  it('sees the same error raised inside an interactive transaction', async () => {
    const inTransaction = await failure(
      prisma.$transaction(async (tx) => {
        await tx.user.create({ data: user('ada@example.test') });
      }),
    );
    expect(isUniqueViolation(inTransaction, ['email'])).toBe(true);
  });

  it('recognises a missing record on update and delete', async () => {
    for (const write of [
      prisma.user.update({ where: { id: MISSING }, data: { firstName: 'Grace' } }),
      prisma.user.delete({ where: { id: MISSING } }),
    ]) {
      const missing = await failure(write);
      expect(isRecordNotFound(missing)).toBe(true);
      expect(isUniqueViolation(missing)).toBe(false);
    }
  });

  it('recognises a foreign key violation', async () => {
    const dangling = await failure(
      prisma.contactPhoneNumber.create({ data: { tenantId, contactId: MISSING, phoneNumber: '+17175501675' } }),
    );
    expect(isForeignKeyViolation(dangling)).toBe(true);
    expect(isUniqueViolation(dangling)).toBe(false);
  });

  it('gives the global filter the same errors: 409, 404, 409', async () => {
    const duplicate = await failure(prisma.user.create({ data: user('ada@example.test') }));
    const missing = await failure(prisma.user.delete({ where: { id: MISSING } }));
    const dangling = await failure(
      prisma.contactPhoneNumber.create({ data: { tenantId, contactId: MISSING, phoneNumber: '+17175501675' } }),
    );
    expect(mapException(duplicate)).toMatchObject({
      status: 409,
      message: 'A User with the same unique value already exists.',
    });
    expect(mapException(missing)).toMatchObject({ status: 404, message: 'User not found.' });
    expect(mapException(dangling)).toMatchObject({ status: 409, unexpected: false });
  });

  it('answers 503 with Retry-After, not 500, when a transaction runs past its limit, and keeps nothing of it', async () => {
    const expired = await failure(
      prisma.$transaction(
        async (tx) => {
          await tx.user.create({ data: user('late@example.test') });
          await tx.$executeRawUnsafe('SELECT pg_sleep(0.5)');
          await tx.user.create({ data: user('later@example.test') });
        },
        { timeout: 100 },
      ),
    );
    expect(isPrismaKnownError(expired, 'P2028')).toBe(true);
    expect(mapException(expired)).toMatchObject({ status: 503, headers: { 'Retry-After': '5' }, unexpected: false });
    expect(await prisma.user.count({ where: { email: { startsWith: 'late' } } })).toBe(0);
  });

  it('takes nothing else for a Prisma error', () => {
    const lookalike = Object.assign(new Error('duplicate'), { code: 'P2002' });
    const plain = { name: 'PrismaClientKnownRequestError', code: 'P2002' };
    for (const error of [lookalike, plain, undefined, 'P2002']) {
      expect(isPrismaKnownError(error)).toBe(false);
      expect(isUniqueViolation(error)).toBe(false);
      expect(isRecordNotFound(error)).toBe(false);
    }
  });
});
