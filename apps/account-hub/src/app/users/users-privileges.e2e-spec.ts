import { randomUUID } from 'node:crypto';
import { AccountHubFixture, signUpAndLogIn, startAccountHub } from '../../testing/account-hub.fixture';

const BASE = '/v1/account-hub';

/**
 * Nobody changes a user who holds permissions they lack (owner takeover), on every
 * user-changing route; and a tenant keeps an enabled owner however requests race.
 */
describe('who may change whom, and one enabled owner under any concurrency', () => {
  let hub: AccountHubFixture;

  beforeAll(async () => {
    hub = await startAccountHub();
  });
  afterAll(() => hub.close());

  /** A tenant whose owner can log in with a password, and an admin with an API key. */
  async function tenantWithAdmin() {
    const owner = await signUpAndLogIn(hub);
    const ownerKey = (
      await hub
        .http()
        .post(`${BASE}/api-keys`)
        .set('Authorization', `Bearer ${owner.accessToken}`)
        .send({ name: 'owner key', enabled: true })
        .expect(201)
    ).body;
    const admin = await hub
      .http()
      .post(`${BASE}/users`)
      .set('Authorization', `Bearer ${owner.accessToken}`)
      .send({
        email: `admin-${randomUUID()}@example.test`,
        password: 'admin password',
        firstName: 'Ada',
        lastName: 'Admin',
        roles: ['admin'],
      });
    const adminToken = (
      await hub
        .http()
        .post(`${BASE}/auth/tokens`)
        .send({ email: admin.body.email, password: 'admin password' })
        .expect(201)
    ).body.accessToken as string;
    return { owner, ownerKey, admin: { id: admin.body.id as string, token: adminToken } };
  }

  it('refuses an admin every change to an owner — credentials, email, enabling, roles, PUT, delete — and changes nothing', async () => {
    const { owner, admin } = await tenantWithAdmin();
    const asAdmin = (method: 'patch' | 'put' | 'delete', body?: object) =>
      hub.http()[method](`${BASE}/users/${owner.userId}`).set('Authorization', `Bearer ${admin.token}`).send(body);
    for (const body of [
      { password: 'taken over!' },
      { email: `thief-${randomUUID()}@example.test` },
      { firstName: 'Mallory' },
      { enabled: false },
      { roles: ['owner', 'admin'] },
    ]) {
      const refused = await asAdmin('patch', body);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/holds permissions you do not have/);
    }
    expect((await asAdmin('put', { email: owner.email, firstName: 'M', lastName: 'M', roles: ['owner'] })).status).toBe(
      403,
    );
    expect((await asAdmin('delete')).status).toBe(403);
    // The owner still logs in with the old password, under the old email, still an enabled owner.
    await hub.http().post(`${BASE}/auth/tokens`).send({ email: owner.email, password: owner.password }).expect(201);
    const after = await hub
      .http()
      .get(`${BASE}/users/${owner.userId}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(after.body).toMatchObject({
      email: owner.email,
      firstName: 'Owen',
      enabled: true,
      roles: [expect.objectContaining({ name: 'owner' })],
    });
  });

  it('refuses the same to a custom role holding only users:write, against an admin too', async () => {
    const { owner, admin } = await tenantWithAdmin();
    const role = await hub
      .http()
      .post(`${BASE}/roles`)
      .set('Authorization', `Bearer ${owner.accessToken}`)
      .send({ name: 'user clerk', permissions: ['account-hub:users:read', 'account-hub:users:write'] })
      .expect(201);
    const clerk = await hub
      .http()
      .post(`${BASE}/users`)
      .set('Authorization', `Bearer ${owner.accessToken}`)
      .send({
        email: `clerk-${randomUUID()}@example.test`,
        password: 'clerk password',
        firstName: 'Cleo',
        lastName: 'Clerk',
        roles: [role.body.id],
      });
    const token = (
      await hub
        .http()
        .post(`${BASE}/auth/tokens`)
        .send({ email: clerk.body.email, password: 'clerk password' })
        .expect(201)
    ).body.accessToken;
    for (const target of [owner.userId, admin.id]) {
      await hub
        .http()
        .patch(`${BASE}/users/${target}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ password: 'taken over!' })
        .expect(403);
      await hub.http().delete(`${BASE}/users/${target}`).set('Authorization', `Bearer ${token}`).expect(403);
    }
  });

  it('lets an admin change users who hold no more than they do, and themselves', async () => {
    const { owner, admin } = await tenantWithAdmin();
    const member = await hub
      .http()
      .post(`${BASE}/users`)
      .set('Authorization', `Bearer ${owner.accessToken}`)
      .send({
        email: `member-${randomUUID()}@example.test`,
        password: 'member password',
        firstName: 'Mia',
        lastName: 'Member',
      });
    await hub
      .http()
      .patch(`${BASE}/users/${member.body.id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ password: 'new member password' })
      .expect(200);
    await hub
      .http()
      .patch(`${BASE}/users/${admin.id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ jobTitle: 'Administrator' })
      .expect(200);
    await hub
      .http()
      .delete(`${BASE}/users/${member.body.id}`)
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(204);
  });

  it('leaves an owner’s key to key administrators to disable or delete (containment), not to enable', async () => {
    const { owner, ownerKey, admin } = await tenantWithAdmin();
    const key = `${BASE}/api-keys/${ownerKey.id}`;
    await hub.http().patch(key).set('Authorization', `Bearer ${admin.token}`).send({ enabled: false }).expect(200);
    const enable = await hub
      .http()
      .patch(key)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ enabled: true })
      .expect(403);
    expect(enable.body.message).toMatch(/holds permissions you do not have/);
    await hub.http().patch(key).set('Authorization', `Bearer ${owner.accessToken}`).send({ enabled: true }).expect(200);
    await hub.http().delete(key).set('Authorization', `Bearer ${admin.token}`).expect(204);
  });

  it('keeps an enabled owner when two owners delete, or disable, each other at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const first = await signUpAndLogIn(hub);
      const second = await hub
        .http()
        .post(`${BASE}/users`)
        .set('Authorization', `Bearer ${first.accessToken}`)
        .send({
          email: `second-${randomUUID()}@example.test`,
          password: 'second password',
          firstName: 'Sam',
          lastName: 'Second',
          roles: ['owner'],
        });
      const secondToken = (
        await hub
          .http()
          .post(`${BASE}/auth/tokens`)
          .send({ email: second.body.email, password: 'second password' })
          .expect(201)
      ).body.accessToken;
      const [a, b] =
        round % 2 === 0
          ? await Promise.all([
              hub.http().delete(`${BASE}/users/${second.body.id}`).set('Authorization', `Bearer ${first.accessToken}`),
              hub.http().delete(`${BASE}/users/${first.userId}`).set('Authorization', `Bearer ${secondToken}`),
            ])
          : await Promise.all([
              hub
                .http()
                .patch(`${BASE}/users/${second.body.id}`)
                .set('Authorization', `Bearer ${first.accessToken}`)
                .send({ enabled: false }),
              hub
                .http()
                .patch(`${BASE}/users/${first.userId}`)
                .set('Authorization', `Bearer ${secondToken}`)
                .send({ enabled: false }),
            ]);
      // One change wins; the other is refused: 409 (it would leave no owner), or 401 when its
      // caller was already deleted or disabled by the winner by the time it was authenticated.
      const success = round % 2 === 0 ? 204 : 200;
      const statuses = [a.status, b.status];
      expect(statuses.filter((status) => status === success)).toHaveLength(1);
      expect([409, 401]).toContain(statuses.find((status) => status !== success));
      const owners = await hub.prisma.user.count({
        where: { tenantId: first.tenantId, enabled: true, roles: { some: { role: { name: 'owner' } } } },
      });
      expect(owners).toBe(1);
    }
  });
});
