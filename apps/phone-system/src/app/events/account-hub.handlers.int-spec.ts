import { randomUUID } from 'node:crypto';
import { AnyEventEnvelope } from '@diallink/events';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';

/**
 * The read model's rules, applied through the consumer on a real PostgreSQL, without HTTP: the
 * events are what the Account Hub publishes, the rows what a tenant holds.
 */
describe('the Phone System’s read model of the Account Hub', () => {
  let phone: PhoneSystemFixture;

  beforeAll(async () => {
    phone = await startPhoneSystem({ EVENTS_WORKERS: 'false' });
  });
  afterAll(() => phone.close());

  const userEvent = (
    type: 'account-hub.user.updated' | 'account-hub.user.disabled' | 'account-hub.user.enabled',
    tenantId: string,
    user: { id: string; revision: number; firstName?: string; enabled?: boolean },
  ) =>
    ({
      id: randomUUID(),
      type,
      tenantId,
      occurredAt: new Date().toISOString(),
      version: 1,
      data: {
        user: {
          id: user.id,
          email: `${user.id}@example.test`,
          firstName: user.firstName ?? 'Ada',
          lastName: 'Lovelace',
          jobTitle: null,
          enabled: user.enabled ?? true,
          roles: [{ id: randomUUID(), name: 'member', builtIn: true }],
          revision: user.revision,
        },
      },
    }) as AnyEventEnvelope;

  const deleted = (tenantId: string, id: string, revision: number) =>
    ({
      id: randomUUID(),
      type: 'account-hub.user.deleted',
      tenantId,
      occurredAt: new Date().toISOString(),
      version: 1,
      data: { user: { id, revision } },
    }) as AnyEventEnvelope;

  const apply = (event: AnyEventEnvelope) => phone.events.consumer?.handle(event);

  it('never lets an older state overwrite a newer one, whatever order events arrive in', async () => {
    const owner = await phone.accounts.tenant();
    const id = randomUUID();
    await apply(userEvent('account-hub.user.updated', owner.tenantId, { id, revision: 3, firstName: 'Third' }));
    await apply(userEvent('account-hub.user.updated', owner.tenantId, { id, revision: 2, firstName: 'Second' }));
    expect(await phone.prisma.user.findUnique({ where: { id } })).toMatchObject({ firstName: 'Third', revision: 3 });
    await apply(deleted(owner.tenantId, id, 4));
    await apply(userEvent('account-hub.user.updated', owner.tenantId, { id, revision: 3, firstName: 'Late' }));
    expect(await phone.prisma.user.findUnique({ where: { id } })).toMatchObject({
      firstName: 'Third',
      revision: 4,
      deletedAt: expect.any(Date),
    });
  });

  it('applies the deleted-user rule to contacts, number routes, receptionists — and keeps calls', async () => {
    const owner = await phone.accounts.tenant();
    const member = await phone.accounts.user(owner.tenantId, 'member');
    const other = await phone.accounts.user(owner.tenantId, 'member');
    const { tenantId } = owner;
    const db = phone.prisma;
    const privateContact = await db.contact.create({
      data: { tenantId, ownerId: member.userId, firstName: 'Private' },
    });
    const sharedContact = await db.contact.create({
      data: { tenantId, ownerId: member.userId, firstName: 'Shared', shared: true },
    });
    const othersContact = await db.contact.create({
      data: { tenantId, ownerId: other.userId, firstName: 'Untouched' },
    });
    const number = await db.phoneNumber.create({
      data: {
        tenantId,
        number: `+4930${String(Date.now()).slice(-8)}`,
        routeType: 'USER',
        routeTargetId: member.userId,
      },
    });
    const receptionist = await db.autoReceptionist.create({
      data: {
        tenantId,
        name: `Reception ${randomUUID()}`,
        timezone: 'UTC',
        businessHours: {},
        holidays: [],
        menu: {
          prompt: null,
          timeoutSeconds: 10,
          invalidKeyAction: { type: 'USER', userId: member.userId },
          options: [
            { key: '1', action: { type: 'USER', userId: member.userId } },
            {
              key: '2',
              action: {
                type: 'SUB_MENU',
                menu: {
                  prompt: null,
                  timeoutSeconds: 10,
                  invalidKeyAction: null,
                  options: [{ key: '1', action: { type: 'VOICEMAIL', userId: member.userId } }],
                },
              },
            },
            { key: '3', action: { type: 'USER', userId: other.userId } },
          ],
        },
        afterHours: { type: 'VOICEMAIL', userId: member.userId },
      },
    });
    const call = await db.call.create({
      data: {
        tenantId,
        direction: 'OUTBOUND',
        status: 'COMPLETED',
        fromNumber: '+4930123',
        toNumber: '+4930456',
        userId: member.userId,
        startedAt: new Date(),
      },
    });

    await phone.accounts.deleteUser(member.userId);

    expect(await db.contact.findUnique({ where: { id: privateContact.id } })).toMatchObject({
      ownerId: null,
      shared: true,
    });
    expect(await db.contact.findUnique({ where: { id: sharedContact.id } })).toMatchObject({
      ownerId: null,
      shared: true,
    });
    expect(await db.contact.findUnique({ where: { id: othersContact.id } })).toMatchObject({
      ownerId: other.userId,
      shared: false,
    });
    expect(await db.phoneNumber.findUnique({ where: { id: number.id } })).toMatchObject({
      routeType: 'UNASSIGNED',
      routeTargetId: null,
    });
    const after = await db.autoReceptionist.findUniqueOrThrow({ where: { id: receptionist.id } });
    const voicemail = { type: 'VOICEMAIL', userId: null };
    expect(after.menu).toMatchObject({
      invalidKeyAction: voicemail,
      options: [
        { action: voicemail },
        { action: { menu: { options: [{ action: voicemail }] } } },
        { action: { type: 'USER', userId: other.userId } },
      ],
    });
    expect(after.afterHours).toEqual(voicemail);
    expect(await db.call.findUnique({ where: { id: call.id } })).toMatchObject({ userId: member.userId });
    expect(await db.user.findUnique({ where: { id: member.userId } })).toMatchObject({
      deletedAt: expect.any(Date),
      firstName: 'member',
    });
  });

  it('keeps every reference to a disabled user, and enabling them again restores them', async () => {
    const owner = await phone.accounts.tenant();
    const member = await phone.accounts.user(owner.tenantId, 'member');
    const contact = await phone.prisma.contact.create({
      data: { tenantId: owner.tenantId, ownerId: member.userId, firstName: 'Kept' },
    });
    await phone.accounts.updateUser(member.userId, { enabled: false });
    expect(await phone.prisma.user.findUnique({ where: { id: member.userId } })).toMatchObject({
      enabled: false,
      deletedAt: null,
    });
    expect(await phone.prisma.contact.findUnique({ where: { id: contact.id } })).toMatchObject({
      ownerId: member.userId,
      shared: false,
    });
    await phone.accounts.updateUser(member.userId, { enabled: true });
    expect(await phone.prisma.user.findUnique({ where: { id: member.userId } })).toMatchObject({ enabled: true });
  });
});
