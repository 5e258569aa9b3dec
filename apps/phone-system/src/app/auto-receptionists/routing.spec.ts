import { BusinessHoursDoc, MenuDoc, WEEKDAYS } from './auto-receptionist.model';
import { parseInstant } from './dto/validators';
import { RoutableReceptionist, resolveRoute, zonedTime } from './routing';

const at = (iso: string): Date => new Date(iso);

function hours(days: Partial<BusinessHoursDoc>): BusinessHoursDoc {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, days[day] ?? []])) as BusinessHoursDoc;
}

const NINE_TO_FIVE = [{ open: '09:00', close: '17:00' }];
const WEEKDAYS_NINE_TO_FIVE = hours({
  monday: NINE_TO_FIVE,
  tuesday: NINE_TO_FIVE,
  wednesday: NINE_TO_FIVE,
  thursday: NINE_TO_FIVE,
  friday: NINE_TO_FIVE,
});

const menu = (options: MenuDoc['options'], invalidKeyAction: MenuDoc['invalidKeyAction'] = null): MenuDoc => ({
  prompt: null,
  options,
  timeoutSeconds: 10,
  invalidKeyAction,
});

function receptionist(overrides: Partial<RoutableReceptionist> = {}): RoutableReceptionist {
  return {
    timezone: 'Europe/Berlin',
    businessHours: WEEKDAYS_NINE_TO_FIVE,
    holidays: [],
    greeting: null,
    menu: menu([{ key: '1', action: { type: 'HANG_UP' } }]),
    afterHours: { type: 'VOICEMAIL', userId: null },
    ...overrides,
  };
}

describe('zonedTime', () => {
  it.each([
    ['2026-03-27T08:30:00Z', 'Europe/Berlin', '2026-03-27T09:30:00+01:00', 'friday'],
    ['2026-03-30T07:30:00Z', 'Europe/Berlin', '2026-03-30T09:30:00+02:00', 'monday'],
    ['2026-03-29T00:59:59Z', 'Europe/Berlin', '2026-03-29T01:59:59+01:00', 'sunday'],
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', '2026-03-29T03:00:00+02:00', 'sunday'],
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25T02:30:00+02:00', 'sunday'],
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', '2026-10-25T02:30:00+01:00', 'sunday'],
    ['2026-03-09T13:30:00Z', 'America/New_York', '2026-03-09T09:30:00-04:00', 'monday'],
    ['2026-03-06T14:30:00Z', 'America/New_York', '2026-03-06T09:30:00-05:00', 'friday'],
    ['2026-01-01T00:00:00Z', 'UTC', '2026-01-01T00:00:00+00:00', 'thursday'],
    ['2026-06-30T23:00:00Z', 'Asia/Kolkata', '2026-07-01T04:30:00+05:30', 'wednesday'],
    ['2026-06-30T12:00:00Z', 'Pacific/Chatham', '2026-07-01T00:45:00+12:45', 'wednesday'],
    ['2026-12-31T23:59:59.999Z', 'UTC', '2026-12-31T23:59:59+00:00', 'thursday'],
  ])('reads %s in %s as %s', (instant, zone, iso, weekday) => {
    const local = zonedTime(at(instant), zone);
    expect(local.iso).toBe(iso);
    expect(local.weekday).toBe(weekday);
    expect(local.date).toBe(iso.slice(0, 10));
  });

  it('reads midnight as 00, never 24', () => {
    expect(zonedTime(at('2026-05-04T22:00:00Z'), 'Europe/Berlin')).toMatchObject({
      iso: '2026-05-05T00:00:00+02:00',
      secondOfDay: 0,
    });
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-03-30T07:30:00Z', '2026-03-30T07:30:00.000Z'],
    ['2026-03-30T09:30:00+02:00', '2026-03-30T07:30:00.000Z'],
    ['2026-03-30T09:30:00 02:00', '2026-03-30T07:30:00.000Z'],
    ['2026-03-30T02:30-05:00', '2026-03-30T07:30:00.000Z'],
    ['2026-03-30T07:30:00.1234Z', '2026-03-30T07:30:00.123Z'],
  ])('reads %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-03-30T07:30:00',
    '2026-03-30',
    '2026-02-30T07:30:00Z',
    '2026-03-30T24:00:00Z',
    'now',
    '1711785600',
    '2026-03-30T07:60Z',
  ])('refuses %s', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});

describe('resolveRoute: opening hours across daylight saving time', () => {
  const berlin = receptionist();

  it.each([
    ['2026-03-27T08:30:00Z', true, 'Friday 09:30 CET'],
    ['2026-03-27T07:30:00Z', false, 'Friday 08:30 CET'],
    ['2026-03-30T07:30:00Z', true, 'Monday 09:30 CEST'],
    ['2026-03-30T06:30:00Z', false, 'Monday 08:30 CEST'],
    ['2026-03-30T14:59:59Z', true, 'Monday 16:59:59 CEST'],
    ['2026-03-30T15:00:00Z', false, 'Monday 17:00 CEST'],
    ['2026-10-23T07:30:00Z', true, 'Friday 09:30 CEST'],
    ['2026-10-26T07:30:00Z', false, 'Monday 08:30 CET'],
    ['2026-10-26T08:30:00Z', true, 'Monday 09:30 CET'],
    ['2026-10-26T15:30:00Z', true, 'Monday 16:30 CET'],
    ['2026-10-26T16:00:00Z', false, 'Monday 17:00 CET'],
    ['2026-03-28T10:00:00Z', false, 'Saturday'],
  ])('Berlin %s is open: %s (%s)', (instant, open) => {
    expect(resolveRoute(berlin, at(instant)).open).toBe(open);
  });

  it('a 02:00–03:00 Sunday window never opens on the spring-forward night and opens twice on the fall-back night', () => {
    const night = receptionist({ businessHours: hours({ sunday: [{ open: '02:00', close: '03:00' }] }) });
    expect(resolveRoute(night, at('2026-03-29T00:59:59Z')).open).toBe(false);
    expect(resolveRoute(night, at('2026-03-29T01:00:00Z')).open).toBe(false);
    expect(resolveRoute(night, at('2026-10-25T00:30:00Z')).open).toBe(true);
    expect(resolveRoute(night, at('2026-10-25T01:30:00Z')).open).toBe(true);
    expect(resolveRoute(night, at('2026-10-25T02:30:00Z')).open).toBe(false);
  });

  it('closes at 24:00 exactly', () => {
    const late = receptionist({ businessHours: hours({ friday: [{ open: '22:00', close: '24:00' }] }) });
    expect(resolveRoute(late, at('2026-03-27T22:59:59Z')).open).toBe(true);
    expect(resolveRoute(late, at('2026-03-27T23:00:00Z')).open).toBe(false);
  });
});

describe('resolveRoute: holidays by local date', () => {
  const allDay = hours(Object.fromEntries(WEEKDAYS.map((day) => [day, [{ open: '00:00', close: '24:00' }]])));

  it('closes on the local date even when UTC is still the day before, and reopens when UTC is still the holiday', () => {
    const berlin = receptionist({ businessHours: allDay, holidays: [{ date: '2026-12-25', name: 'Christmas Day' }] });
    const eve = resolveRoute(berlin, at('2026-12-24T23:30:00Z'));
    expect(eve).toMatchObject({
      open: false,
      holiday: { date: '2026-12-25', name: 'Christmas Day' },
      localTime: '2026-12-25T00:30:00+01:00',
    });
    expect(eve.action).toEqual({ type: 'VOICEMAIL', userId: null });
    expect(resolveRoute(berlin, at('2026-12-25T23:30:00Z'))).toMatchObject({ open: true, holiday: null });
  });

  it('in New York, an evening that is already the next day in UTC is still the holiday', () => {
    const newYork = receptionist({
      timezone: 'America/New_York',
      businessHours: allDay,
      holidays: [{ date: '2026-07-03', name: 'Independence Day (observed)' }],
    });
    expect(resolveRoute(newYork, at('2026-07-04T02:00:00Z'))).toMatchObject({
      open: false,
      localTime: '2026-07-03T22:00:00-04:00',
    });
    expect(resolveRoute(newYork, at('2026-07-04T04:00:00Z'))).toMatchObject({
      open: true,
      localTime: '2026-07-04T00:00:00-04:00',
    });
  });
});

describe('resolveRoute: keys', () => {
  const sub = menu(
    [
      { key: '1', action: { type: 'QUEUE', queueId: 'q' } },
      { key: '9', action: { type: 'REPEAT' } },
    ],
    { type: 'HANG_UP' },
  );
  const open = receptionist({
    businessHours: hours(Object.fromEntries(WEEKDAYS.map((day) => [day, [{ open: '00:00', close: '24:00' }]]))),
    menu: menu([
      { key: '1', action: { type: 'USER', userId: 'u' } },
      { key: '2', action: { type: 'SUB_MENU', menu: sub } },
    ]),
  });
  const noon = at('2026-03-30T10:00:00Z');

  it('without keys, the caller waits in the top menu', () => {
    expect(resolveRoute(open, noon)).toMatchObject({
      open: true,
      steps: [],
      menu: open.menu,
      action: null,
      ignoredKeys: '',
    });
  });

  it('follows sub-menus, repeats, and ignores keys after the call left the menus', () => {
    expect(resolveRoute(open, noon, '2')).toMatchObject({
      menu: sub,
      action: null,
      steps: [{ key: '2', matched: true, actionType: 'SUB_MENU' }],
    });
    expect(resolveRoute(open, noon, '291')).toMatchObject({
      menu: null,
      action: { type: 'QUEUE', queueId: 'q' },
      steps: [
        { key: '2', matched: true, actionType: 'SUB_MENU' },
        { key: '9', matched: true, actionType: 'REPEAT' },
        { key: '1', matched: true, actionType: 'QUEUE' },
      ],
    });
    expect(resolveRoute(open, noon, '1*#')).toMatchObject({ action: { type: 'USER', userId: 'u' }, ignoredKeys: '*#' });
  });

  it('an unknown key takes invalidKeyAction, or repeats the menu when there is none', () => {
    expect(resolveRoute(open, noon, '7')).toMatchObject({
      menu: open.menu,
      action: null,
      steps: [{ key: '7', matched: false, actionType: 'REPEAT' }],
    });
    expect(resolveRoute(open, noon, '27')).toMatchObject({
      menu: null,
      action: { type: 'HANG_UP' },
      steps: [{}, { key: '7', matched: false, actionType: 'HANG_UP' }],
    });
  });

  it('when closed, an after-hours sub-menu takes the keys and any other action ignores them', () => {
    const closedAt = at('2026-03-28T10:00:00Z');
    const plain = receptionist();
    expect(resolveRoute(plain, closedAt, '12')).toMatchObject({
      open: false,
      menu: null,
      action: plain.afterHours,
      steps: [],
      ignoredKeys: '12',
    });
    const withMenu = receptionist({ afterHours: { type: 'SUB_MENU', menu: sub } });
    expect(resolveRoute(withMenu, closedAt)).toMatchObject({ menu: sub, action: null });
    expect(resolveRoute(withMenu, closedAt, '1')).toMatchObject({ action: { type: 'QUEUE', queueId: 'q' } });
  });
});
