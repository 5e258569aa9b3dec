// Request bodies for tests: a valid receptionist, overridden field by field.

/** A queue id: only its form is checked until the Call Queue service has queues. */
export const QUEUE_ID = '6f1c2b7e-3d4a-4b5c-8d9e-0a1b2c3d4e5f';

export const BERLIN_WEEKDAYS_9_TO_17 = {
  monday: [{ open: '09:00', close: '17:00' }],
  tuesday: [{ open: '09:00', close: '17:00' }],
  wednesday: [{ open: '09:00', close: '17:00' }],
  thursday: [{ open: '09:00', close: '17:00' }],
  friday: [{ open: '09:00', close: '17:00' }],
};

/** A receptionist body: weekdays 09:00–17:00 in Europe/Berlin, one menu key, voicemail after hours. */
export function receptionistBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Reception ${Math.random().toString(36).slice(2, 10)}`,
    timezone: 'Europe/Berlin',
    businessHours: BERLIN_WEEKDAYS_9_TO_17,
    menu: { options: [{ key: '1', action: { type: 'QUEUE', queueId: QUEUE_ID } }] },
    afterHours: { type: 'VOICEMAIL' },
    ...overrides,
  };
}
