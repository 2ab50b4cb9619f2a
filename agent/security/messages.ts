// Messages that clients recognise, in a module of their own so that recognising them does not
// load the X.509 code (agent/security/lazy.ts).

/** Start of every refusal of the server's certificate: the failover client stops there instead of trying the next endpoint. */
export const SERVER_CERT_REJECTED = "server certificate rejected";
