// corral.v1.Lifecycle: lease renewals and readiness waits.
import type * as grpc from "@grpc/grpc-js";
import { CorralError, invalid } from "../errors";
import { oneOf } from "../config/rules";
import { waitReady } from "../instances/readiness";
import type { Agent } from "../daemon/agent";
import { unary } from "./grpc-util";
import type { RenewLeaseRequest__Output } from "../../proto/gen/types/corral/v1/RenewLeaseRequest";
import type { WaitInstanceRequest__Output } from "../../proto/gen/types/corral/v1/WaitInstanceRequest";

/** Handlers bound to one agent; a wait ends when its caller cancels or the agent stops. */
export function lifecycleService(agent: Agent): Record<string, grpc.UntypedHandleCall> {
  return {
    RenewLease: unary(async (req: RenewLeaseRequest__Output) => {
      const broken = req.kind ? oneOf("instance", "network", "volume")(req.kind) : undefined;
      if (broken) throw invalid("kind", broken);
      const l = await agent.leases.renew(req.kind, req.name, req.duration);
      return { kind: l.kind, name: l.name, expires_at: l.expiresAt };
    }),
    WaitInstance: unary(async (req: WaitInstanceRequest__Output, call) => {
      const ac = new AbortController();
      const abort = () => ac.abort();
      call.on("cancelled", abort);
      agent.graceOver.addEventListener("abort", abort, { once: true });
      try {
        await waitReady(agent.instances, { name: req.name, exec: req.exec, tcpPort: req.tcp_port, timeoutMs: req.timeout_ms }, ac.signal);
      } catch (e) {
        if (agent.graceOver.aborted) throw new CorralError("CORRAL_ERR_UNAVAILABLE", "corrald stopped while waiting");
        throw e;
      } finally {
        agent.graceOver.removeEventListener("abort", abort);
      }
      return {};
    }),
  };
}
