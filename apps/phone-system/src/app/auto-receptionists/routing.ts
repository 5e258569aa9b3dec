import {
  ActionDoc,
  BusinessHoursDoc,
  GreetingDoc,
  HolidayDoc,
  MenuDoc,
  Weekday,
  minutesOf,
} from './auto-receptionist.model';

// Where a call would go: the instant read as wall-clock time in the receptionist's zone (with
// Intl, so daylight saving follows the zone's rules), open or closed by the weekly hours and the
// holidays of the local date, then the keys pressed walked through the menus.

/** An instant as seen on a wall clock in one time zone. */
export interface ZonedTime {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  weekday: Weekday;
  /** Seconds since local midnight. */
  secondOfDay: number;
  /** `2026-03-30T09:30:00+02:00`. */
  iso: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'long',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    if (formatters.size >= 500) formatters.clear();
    formatters.set(zone, formatter);
  }
  return formatter;
}

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

/** `instant` on the wall clock of `zone` (an IANA name Intl knows). */
export function zonedTime(instant: Date, zone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const { type, value } of formatterFor(zone).formatToParts(instant)) parts[type] = value;
  const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
  const [month, day, hour, minute, second] = [parts.month, parts.day, parts.hour, parts.minute, parts.second].map(
    Number,
  );

  // The zone's offset then: the wall clock read as if it were UTC, minus the instant (whole seconds).
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  const offsetMinutes = Math.round((wall.getTime() - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;

  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return {
    date,
    weekday: parts.weekday.toLowerCase() as Weekday,
    secondOfDay: hour * 3600 + minute * 60 + second,
    iso: `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${offset}`,
  };
}

/** What routing reads of a receptionist. */
export interface RoutableReceptionist {
  timezone: string;
  businessHours: BusinessHoursDoc;
  holidays: HolidayDoc[];
  greeting: GreetingDoc | null;
  menu: MenuDoc;
  afterHours: ActionDoc;
}

export interface RouteStep {
  key: string;
  matched: boolean;
  actionType: ActionDoc['type'];
}

export interface Route {
  at: string;
  timezone: string;
  localTime: string;
  weekday: Weekday;
  open: boolean;
  holiday: HolidayDoc | null;
  greeting: GreetingDoc | null;
  steps: RouteStep[];
  /** The menu the caller waits in, or null once an action has the call. */
  menu: MenuDoc | null;
  /** The action that has the call, or null while the caller is in a menu. */
  action: ActionDoc | null;
  ignoredKeys: string;
}

/** Whether the receptionist is open at `local`, and the holiday that closes it, if any. */
export function openingAt(receptionist: Pick<RoutableReceptionist, 'businessHours' | 'holidays'>, local: ZonedTime) {
  const holiday = receptionist.holidays.find(({ date }) => date === local.date) ?? null;
  const open =
    !holiday &&
    (receptionist.businessHours[local.weekday] ?? []).some(
      ({ open, close }) => local.secondOfDay >= minutesOf(open) * 60 && local.secondOfDay < minutesOf(close) * 60,
    );
  return { open, holiday };
}

/**
 * Where a call arriving at `at` goes: greeting, then the menu when open or afterHours when closed
 * (an after-hours SUB_MENU is a menu too); each key is looked up in the menu the caller is in — no
 * option means the menu's invalidKeyAction (REPEAT when it has none); REPEAT stays in the menu,
 * SUB_MENU enters its menu, any other action takes the call and later keys are ignored.
 */
export function resolveRoute(receptionist: RoutableReceptionist, at: Date, keys = ''): Route {
  const local = zonedTime(at, receptionist.timezone);
  const { open, holiday } = openingAt(receptionist, local);
  const entry = open ? ({ type: 'SUB_MENU', menu: receptionist.menu } as const) : receptionist.afterHours;
  let menu: MenuDoc | null = entry.type === 'SUB_MENU' ? entry.menu : null;
  let action: ActionDoc | null = entry.type === 'SUB_MENU' ? null : entry;

  const steps: RouteStep[] = [];
  let pressed = 0;
  for (const key of keys) {
    if (!menu) break;
    pressed += 1;
    const option = menu.options.find((candidate) => candidate.key === key);
    const taken: ActionDoc = option?.action ?? menu.invalidKeyAction ?? { type: 'REPEAT' };
    steps.push({ key, matched: option !== undefined, actionType: taken.type });
    if (taken.type === 'SUB_MENU') menu = taken.menu;
    else if (taken.type !== 'REPEAT') {
      menu = null;
      action = taken;
    }
  }

  return {
    at: at.toISOString(),
    timezone: receptionist.timezone,
    localTime: local.iso,
    weekday: local.weekday,
    open,
    holiday,
    greeting: receptionist.greeting,
    steps,
    menu,
    action,
    ignoredKeys: keys.slice(pressed),
  };
}
