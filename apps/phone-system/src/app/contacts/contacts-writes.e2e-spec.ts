import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { contactsAs } from './testing/contacts-api';

/**
 * The write path's guarantees under concurrency: a PATCH of fields is one guarded update read
 * back in its own transaction, and the numbers of a POST are locked in one statement, in order.
 */
describe('/v1/phone-system/contacts: concurrent writes', () => {
  let phone: PhoneSystemFixture;

  beforeAll(async () => {
    phone = await startPhoneSystem();
  });
  afterAll(() => phone.close());

  it('answers each of simultaneous PATCHes with the contact as that PATCH left it', async () => {
    const owner = await phone.accounts.tenant();
    const api = contactsAs(phone, owner);
    const contact = await api.create({
      firstName: 'Busy',
      shared: true,
      phoneNumbers: [{ phoneNumber: '+17175501675' }],
    });
    const cities = ['Austin', 'Boston', 'Chicago', 'Denver', 'Eugene', 'Fresno'];
    const answers = await Promise.all(
      cities.map((city) => api.call('patch', `/${contact.id}`).send({ city, favorite: city === 'Denver' })),
    );
    answers.forEach((answer, index) => {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ city: cities[index], favorite: cities[index] === 'Denver' });
      expect(answer.body.phoneNumbers).toEqual(contact.phoneNumbers);
    });
    // The change committed last carries the latest updatedAt: it never goes back.
    const latest = answers.map((answer) => answer.body.updatedAt as string).sort()[answers.length - 1];
    const stored = await api.call('get', `/${contact.id}`).expect(200);
    expect(stored.body.updatedAt).toBe(latest);
    expect(answers.filter((answer) => answer.body.updatedAt === latest).map((answer) => answer.body.city)).toContain(
      stored.body.city,
    );
  });

  it('lets exactly one of two simultaneous POSTs add the same two numbers, whatever their order in the body', async () => {
    const owner = await phone.accounts.tenant();
    const api = contactsAs(phone, owner);
    const numbers = ['+4930123456', '+33123456789', '+12025550143'];
    const answers = await Promise.all([
      api.call('post').send({ firstName: 'Forward', phoneNumbers: numbers.map((phoneNumber) => ({ phoneNumber })) }),
      api
        .call('post')
        .send({ firstName: 'Backward', phoneNumbers: [...numbers].reverse().map((phoneNumber) => ({ phoneNumber })) }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    for (const phoneNumber of numbers) {
      expect(await phone.prisma.contactPhoneNumber.count({ where: { tenantId: owner.tenantId, phoneNumber } })).toBe(1);
    }
  });
});
