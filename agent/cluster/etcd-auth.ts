// etcd authorisation by member: with client-certificate auth and etcd's auth enabled, etcd takes
// the user name from the client certificate's common name (the member name). Every member gets a
// user with the `corral` role (read-write on the Corral prefix); the first member's user also has
// `root` (to manage users). Removing a member deletes its user, so its certificate — still signed
// by the cluster CA, which etcd's TLS layer accepts — no longer reads or writes anything.
import { randomBytes } from "node:crypto";
import type { Etcd3 } from "etcd3";
import { etcd3 } from "../state/etcd3-lazy";
import { ETCD_PREFIX } from "../state/etcd";

const MEMBER_ROLE = "corral";

/** Certificates are the credential; the password is random, never stored and never used. */
const unusedPassword = () => randomBytes(24).toString("base64url");

async function ignoreExists(p: Promise<unknown>): Promise<void> {
  await p.catch((err: Error) => {
    if (!/already exists/i.test(err.message)) throw err;
  });
}

/** Sets up the users and roles and turns auth on; run once, by the first member, before anyone else joins. */
export async function enableEtcdAuth(client: Etcd3, firstMember: string): Promise<void> {
  await ignoreExists(client.auth.roleAdd({ name: "root" }));
  await ignoreExists(client.auth.userAdd({ name: "root", password: unusedPassword() }));
  await client.auth.userGrantRole({ user: "root", role: "root" });
  await ignoreExists(client.role(MEMBER_ROLE).create());
  await client.role(MEMBER_ROLE).grant({ permission: "Readwrite", range: etcd3().Range.prefix(ETCD_PREFIX) });
  await addMemberUser(client, firstMember);
  await client.auth.authEnable();
}

/** An etcd user for a member certificate's common name. */
export async function addMemberUser(client: Etcd3, member: string): Promise<void> {
  await ignoreExists(client.auth.userAdd({ name: member, password: unusedPassword() }));
  await client.auth.userGrantRole({ user: member, role: MEMBER_ROLE });
  await client.auth.userGrantRole({ user: member, role: "root" });
}

/** Revokes a member's access to etcd (its certificate's common name no longer names a user). */
export async function removeMemberUser(client: Etcd3, member: string): Promise<void> {
  await client.auth.userDelete({ name: member }).catch((err: Error) => {
    if (!/not found/i.test(err.message)) throw err;
  });
}
