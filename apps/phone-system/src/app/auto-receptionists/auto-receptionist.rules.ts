import { ErrorDetail } from '@diallink/common';
import {
  ActionDoc,
  BusinessHoursDoc,
  DEFAULT_TIMEOUT_SECONDS,
  GreetingDoc,
  HolidayDoc,
  MAX_MENU_DEPTH,
  MenuDoc,
  WEEKDAYS,
  minutesOf,
} from './auto-receptionist.model';
import { AutoReceptionistPatchRequest } from './dto/auto-receptionist.request';
import { Action, Greeting, Menu } from './dto/menu.dto';
import { Holiday, WeeklyHours } from './dto/schedule.dto';

// What the DTOs cannot check one field at a time — overlapping hours, repeated dates and keys,
// menu depth, REPEAT after hours — and the records a receptionist refers to, each with the exact
// path of the field, so that a 400 names it. Then the validated DTOs as the stored documents.

/** A record the receptionist refers to, which must exist in the caller's tenant. */
export interface Reference {
  kind: 'user' | 'recording';
  id: string;
  /** The field that names it, e.g. `menu.options[2].action.userId`. */
  field: string;
}

export interface Findings {
  problems: ErrorDetail[];
  references: Reference[];
}

/** Problems and references of the fields present in `input` (all of them for POST and PUT). */
export function inspect(input: AutoReceptionistPatchRequest): Findings {
  const findings: Findings = { problems: [], references: [] };
  if (input.businessHours) checkHours(input.businessHours, findings);
  if (input.holidays) checkHolidays(input.holidays, findings);
  if (input.greeting) checkGreeting(input.greeting, 'greeting', findings);
  if (input.menu) checkMenu(input.menu, 'menu', 1, findings);
  if (input.afterHours) {
    if (input.afterHours.type === 'REPEAT') {
      findings.problems.push({
        field: 'afterHours.type',
        message:
          'REPEAT replays a menu and afterHours is not in one: use SUB_MENU, VOICEMAIL, USER, QUEUE, EXTERNAL_NUMBER or HANG_UP',
      });
    } else {
      checkAction(input.afterHours, 'afterHours', 0, findings);
    }
  }
  return findings;
}

function checkHours(hours: WeeklyHours, findings: Findings): void {
  for (const day of WEEKDAYS) {
    const intervals = (hours[day] ?? []).map((interval, index) => ({ ...interval, index }));
    const wellFormed = intervals.filter(({ open, close, index }) => {
      if (minutesOf(open) < minutesOf(close)) return true;
      findings.problems.push({
        field: `businessHours.${day}[${index}].close`,
        message: `close (${close}) must be later than open (${open}) on the same day; split a shift across midnight in two`,
      });
      return false;
    });
    wellFormed.sort((a, b) => minutesOf(a.open) - minutesOf(b.open) || a.index - b.index);
    let latest: (typeof wellFormed)[number] | undefined;
    for (const interval of wellFormed) {
      if (latest && minutesOf(interval.open) < minutesOf(latest.close)) {
        const [first, second] = latest.index < interval.index ? [latest, interval] : [interval, latest];
        findings.problems.push({
          field: `businessHours.${day}[${second.index}]`,
          message: `${second.open}–${second.close} overlaps businessHours.${day}[${first.index}] (${first.open}–${first.close})`,
        });
      }
      if (!latest || minutesOf(interval.close) > minutesOf(latest.close)) latest = interval;
    }
  }
}

function checkHolidays(holidays: Holiday[], findings: Findings): void {
  const seen = new Map<string, number>();
  holidays.forEach(({ date }, index) => {
    const first = seen.get(date);
    if (first === undefined) seen.set(date, index);
    else findings.problems.push({ field: `holidays[${index}].date`, message: `${date} is already holidays[${first}]` });
  });
}

function checkGreeting(greeting: Greeting, path: string, findings: Findings): void {
  if (greeting.type === 'RECORDING') {
    findings.references.push({ kind: 'recording', id: greeting.recordingId, field: `${path}.recordingId` });
  }
}

function checkMenu(menu: Menu | MenuDoc, path: string, depth: number, findings: Findings): void {
  if (menu.prompt) checkGreeting(menu.prompt, `${path}.prompt`, findings);
  const keys = new Map<string, number>();
  menu.options.forEach((option, index) => {
    const first = keys.get(option.key);
    if (first === undefined) keys.set(option.key, index);
    else {
      findings.problems.push({
        field: `${path}.options[${index}].key`,
        message: `key ${option.key} is already ${path}.options[${first}]`,
      });
    }
    checkAction(option.action, `${path}.options[${index}].action`, depth, findings);
  });
  if (menu.invalidKeyAction) checkAction(menu.invalidKeyAction, `${path}.invalidKeyAction`, depth, findings);
}

/** `depth` is that of the menu the action belongs to (0 for afterHours, which is in none). */
function checkAction(action: Action | ActionDoc, path: string, depth: number, findings: Findings): void {
  switch (action.type) {
    case 'USER':
      findings.references.push({ kind: 'user', id: action.userId, field: `${path}.userId` });
      break;
    case 'VOICEMAIL':
      if (action.userId) findings.references.push({ kind: 'user', id: action.userId, field: `${path}.userId` });
      break;
    case 'SUB_MENU':
      if (depth + 1 > MAX_MENU_DEPTH) {
        findings.problems.push({ field: `${path}.menu`, message: `menus nest at most ${MAX_MENU_DEPTH} levels deep` });
      } else {
        checkMenu(action.menu, `${path}.menu`, depth + 1, findings);
      }
      break;
    case 'QUEUE':
    case 'EXTERNAL_NUMBER':
    case 'REPEAT':
    case 'HANG_UP':
      break;
  }
}

// ── Validated DTOs → stored documents (fresh plain objects, known fields only, in a fixed key
// order; also applied to what is read back, as jsonb does not keep the order of keys) ──────────

export function toBusinessHoursDoc(hours: WeeklyHours | BusinessHoursDoc): BusinessHoursDoc {
  const doc = {} as BusinessHoursDoc;
  for (const day of WEEKDAYS) {
    doc[day] = (hours[day] ?? [])
      .map(({ open, close }) => ({ open, close }))
      .sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
  }
  return doc;
}

export function toHolidaysDoc(holidays: Holiday[] | HolidayDoc[] | null | undefined): HolidayDoc[] {
  return (holidays ?? []).map(({ date, name }) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}

export function toGreetingDoc(greeting: Greeting | GreetingDoc | null | undefined): GreetingDoc | null {
  if (!greeting) return null;
  return greeting.type === 'TEXT'
    ? { type: 'TEXT', text: greeting.text }
    : { type: 'RECORDING', recordingId: greeting.recordingId.toLowerCase() };
}

export function toMenuDoc(menu: Menu | MenuDoc): MenuDoc {
  return {
    prompt: toGreetingDoc(menu.prompt),
    options: menu.options.map(({ key, action }) => ({ key, action: toActionDoc(action) })),
    timeoutSeconds: menu.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    invalidKeyAction: menu.invalidKeyAction ? toActionDoc(menu.invalidKeyAction) : null,
  };
}

export function toActionDoc(action: Action | ActionDoc): ActionDoc {
  switch (action.type) {
    case 'USER':
      return { type: 'USER', userId: action.userId.toLowerCase() };
    case 'QUEUE':
      return { type: 'QUEUE', queueId: action.queueId.toLowerCase() };
    case 'VOICEMAIL':
      return { type: 'VOICEMAIL', userId: action.userId ? action.userId.toLowerCase() : null };
    case 'EXTERNAL_NUMBER':
      return { type: 'EXTERNAL_NUMBER', number: action.number };
    case 'SUB_MENU':
      return { type: 'SUB_MENU', menu: toMenuDoc(action.menu) };
    case 'REPEAT':
      return { type: 'REPEAT' };
    case 'HANG_UP':
      return { type: 'HANG_UP' };
  }
}
