import { ServiceFixture, startServiceFixture } from '@diallink/testing';
import { AccountHubClient, AccountHubDatabase } from '../app/database';
import { SERVICE, appModule, configSpec } from '../app/service';

export type AccountHubFixture = ServiceFixture<AccountHubClient>;

/** The Account Hub on a database of its own (see `startServiceFixture`). */
export function startAccountHub(env: Record<string, string> = {}): Promise<AccountHubFixture> {
  return startServiceFixture(SERVICE, configSpec, appModule, {
    env,
    client: (app) => app.get(AccountHubDatabase).unscoped,
  });
}

/** Signs up a tenant through the API and logs its owner in. */
export async function signUpAndLogIn(
  fixture: AccountHubFixture,
  email = `owner-${Date.now()}-${Math.random()}@example.test`,
) {
  const password = 'correct horse battery';
  const signUp = await fixture
    .http()
    .post('/v1/account-hub/tenants')
    .send({ companyName: 'Arrow Inc.', email, password, firstName: 'Owen', lastName: 'Owner' })
    .expect(201);
  const tokens = await fixture.http().post('/v1/account-hub/auth/tokens').send({ email, password }).expect(201);
  return {
    tenantId: signUp.body.tenant.id as string,
    userId: signUp.body.owner.id as string,
    email,
    password,
    accessToken: tokens.body.accessToken as string,
    refreshToken: tokens.body.refreshToken as string,
  };
}
