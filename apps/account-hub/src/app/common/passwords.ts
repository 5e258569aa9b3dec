import { hash, verify } from '@node-rs/argon2';

/** Passwords are stored as argon2id hashes (the library's defaults: m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of nothing, verified against when the user does not exist, so both cases take as long. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$zM7cnfgRiMfY14yx30MaYQ$avBPcK8wT5SUOYZryM62gOKPwCCFCgnWT4q3hTGjfZc';

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    const matches = await verify(passwordHash ?? DUMMY_HASH, password);
    return passwordHash !== undefined && matches;
  } catch {
    return false;
  }
}
