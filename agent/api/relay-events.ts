// Events in a cluster: a WatchEvents stream on any member carries every member's events, each
// naming its member (`location`). The member asked subscribes to its own bus and opens a relayed
// WatchEvents on every other member (one that fails or goes away is asked again, with a bounded
// backoff, while the stream lasts; members that join later are picked up). The stream is bounded:
// a client that lets more than MAX_PENDING_MESSAGES pile up is cut off; it ends when corrald stops.
import * as grpc from "@grpc/grpc-js";
import type { Agent } from "../daemon/agent";
import { debug } from "../util/log";
import { memberError } from "../cluster/forward";
import { boundedWriter } from "./grpc-util";
import { untilAgentStops } from "./services";
import type { CorralEvent } from "../events/events";
import type { WatchEventsRequest__Output } from "../../proto/gen/types/corral/v1/WatchEventsRequest";

type Handlers = Record<string, grpc.UntypedHandleCall>;
const dlog = debug("cluster");

/** A member's stream that failed is opened again after this long, doubling up to RETRY_MAX_MS. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;
/** How often the member list is read for members that joined after the stream opened. */
const MEMBERS_REFRESH_MS = 5_000;

export function relayEvents(agent: Agent, local: Handlers): Handlers {
  const fw = agent.forwarder;
  return {
    ...local,
    WatchEvents: ((call: grpc.ServerWritableStream<WatchEventsRequest__Output, CorralEvent>) => {
      if (!fw.relays(call)) return (local.WatchEvents as (c: unknown) => void)(call);
      let ended = false;
      const upstreams = new Map<string, { stream?: grpc.ClientReadableStream<unknown>; timer?: NodeJS.Timeout }>();
      const write = boundedWriter(call);
      const send = (ev: CorralEvent) => {
        if (!ended) write(ev);
      };
      const open = (member: string, delay = 0) => {
        const slot = upstreams.get(member) ?? {};
        upstreams.set(member, slot);
        const retry = () => {
          if (ended) return;
          const next = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, delay * 2));
          slot.stream = undefined;
          slot.timer = setTimeout(() => open(member, next), next);
        };
        fw.client(member).then((client) => {
          if (ended) return;
          const up = client.raw.events.WatchEvents(call.request, fw.metadata());
          slot.stream = up;
          up.on("data", (ev: CorralEvent) => {
            delay = 0;
            send(ev);
          });
          up.on("end", retry);
          up.on("error", (e: grpc.ServiceError) => {
            if (ended || e.code === grpc.status.CANCELLED) return;
            dlog("the event stream of member %s ended (%s); asking it again", member, (memberError(member, e) as Error).message);
            retry();
          });
        }, retry);
      };
      const refresh = async () => {
        const members = await agent.membership.list().catch(() => []);
        for (const m of members) if (m.name !== fw.self && !upstreams.has(m.name)) open(m.name);
      };
      const refresher = setInterval(() => void refresh(), MEMBERS_REFRESH_MS);
      const unsubscribe = agent.events.subscribe(call.request.types ?? [], send);
      untilAgentStops(agent, call, () => {
        ended = true;
        clearInterval(refresher);
        unsubscribe();
        for (const u of upstreams.values()) {
          clearTimeout(u.timer);
          u.stream?.cancel();
        }
      });
      void refresh();
    }) as grpc.UntypedHandleCall,
  };
}
