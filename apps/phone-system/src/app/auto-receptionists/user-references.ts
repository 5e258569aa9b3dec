import { ActionDoc, MenuDoc } from './auto-receptionist.model';

/**
 * A receptionist's documents with every mention of `userId` replaced, the rule for a deleted
 * user: ringing them (USER) or their voicemail (VOICEMAIL) becomes the general voicemail
 * (VOICEMAIL without a user), so callers still reach the company and nothing points at nobody.
 */
export function withoutUser(
  docs: { menu: MenuDoc; afterHours: ActionDoc },
  userId: string,
): { menu: MenuDoc; afterHours: ActionDoc; changed: boolean } {
  let changed = false;
  const action = (doc: ActionDoc): ActionDoc => {
    switch (doc.type) {
      case 'USER':
        if (doc.userId.toLowerCase() !== userId) return doc;
        changed = true;
        return { type: 'VOICEMAIL', userId: null };
      case 'VOICEMAIL':
        if (doc.userId?.toLowerCase() !== userId) return doc;
        changed = true;
        return { type: 'VOICEMAIL', userId: null };
      case 'SUB_MENU':
        return { type: 'SUB_MENU', menu: menu(doc.menu) };
      case 'QUEUE':
      case 'EXTERNAL_NUMBER':
      case 'REPEAT':
      case 'HANG_UP':
        return doc;
    }
  };
  const menu = (doc: MenuDoc): MenuDoc => ({
    ...doc,
    options: doc.options.map((option) => ({ ...option, action: action(option.action) })),
    invalidKeyAction: doc.invalidKeyAction ? action(doc.invalidKeyAction) : null,
  });
  const result = { menu: menu(docs.menu), afterHours: action(docs.afterHours) };
  return { ...result, changed };
}

/** Every user a receptionist's documents name (ringing them or their voicemail). */
export function userIdsIn(docs: { menu: MenuDoc; afterHours: ActionDoc }): string[] {
  const ids = new Set<string>();
  const action = (doc: ActionDoc): void => {
    if ((doc.type === 'USER' || doc.type === 'VOICEMAIL') && doc.userId) ids.add(doc.userId.toLowerCase());
    if (doc.type === 'SUB_MENU') menu(doc.menu);
  };
  const menu = (doc: MenuDoc): void => {
    for (const option of doc.options) action(option.action);
    if (doc.invalidKeyAction) action(doc.invalidKeyAction);
  };
  menu(docs.menu);
  action(docs.afterHours);
  return [...ids];
}
