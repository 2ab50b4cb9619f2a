// The lease config keys, apart from lease.ts so the lean `corral list` can name them without its imports.
export const LEASE_DURATION = "lease.duration";
export const LEASE_EXPIRES_AT = "lease.expires_at";
