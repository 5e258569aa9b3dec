// The documents an auto-receptionist keeps in its JSON columns, exactly as they are stored and
// answered. The request DTOs validate incoming JSON into these shapes (see dto/), the rules in
// auto-receptionist.rules.ts check what one field cannot check alone, and routing.ts reads them.

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The keys of a telephone keypad, in keypad order. */
export const MENU_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

/** The top-level menu (or the after-hours sub-menu) is level 1; sub-menus nest down to this level. */
export const MAX_MENU_DEPTH = 5;
/** Seconds a menu waits for a key when the request does not say. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

export const ACTION_TYPES = ['USER', 'QUEUE', 'VOICEMAIL', 'EXTERNAL_NUMBER', 'SUB_MENU', 'REPEAT', 'HANG_UP'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const GREETING_TYPES = ['TEXT', 'RECORDING'] as const;

/** `[open, close)` in local wall-clock time, `HH:mm`; `close` may be `24:00` (end of the day). */
export interface TimeIntervalDoc {
  open: string;
  close: string;
}

/** Every weekday, each with its opening intervals sorted by `open`; `[]` is closed all day. */
export type BusinessHoursDoc = Record<Weekday, TimeIntervalDoc[]>;

/** Closed all day on `date` (`YYYY-MM-DD`), read in the receptionist's time zone. */
export interface HolidayDoc {
  date: string;
  name: string;
}

export type GreetingDoc = { type: 'TEXT'; text: string } | { type: 'RECORDING'; recordingId: string };

export type ActionDoc =
  | { type: 'USER'; userId: string }
  | { type: 'QUEUE'; queueId: string }
  | { type: 'VOICEMAIL'; userId: string | null }
  | { type: 'EXTERNAL_NUMBER'; number: string }
  | { type: 'SUB_MENU'; menu: MenuDoc }
  | { type: 'REPEAT' }
  | { type: 'HANG_UP' };

export interface MenuOptionDoc {
  key: MenuKey;
  action: ActionDoc;
}

export interface MenuDoc {
  /** Played when the caller reaches this menu (after the receptionist's greeting, for the top menu). */
  prompt: GreetingDoc | null;
  options: MenuOptionDoc[];
  timeoutSeconds: number;
  /** Taken for a key no option has, and when no key comes within `timeoutSeconds`; null means REPEAT. */
  invalidKeyAction: ActionDoc | null;
}

/** Minutes since local midnight of `HH:mm` (`24:00` is 1440). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
