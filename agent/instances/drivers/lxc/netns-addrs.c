/*
 * corral-exec-helper --netns-addrs PID...: the interfaces and addresses inside the network
 * namespace of each pid, all in one process (state-probe.ts and netns-addrs.ts). What
 * `nsenter -t PID -n ip -j addr` shows, without a process (two, with nsenter) per container: for
 * each pid, setns() into /proc/PID/ns/net, then an RTM_GETLINK and an RTM_GETADDR dump over a
 * NETLINK_ROUTE socket opened inside it.
 *
 * Output, one line per pid in argument order:
 *   PID ok JSON      JSON shaped like `ip -j addr` (the fields corrald reads and a few more):
 *                    [{"ifindex","ifname","flags":[…],"mtu","operstate","address","broadcast",
 *                      "addr_info":[{"family":"inet"|"inet6","local","address" (a peer),
 *                      "prefixlen","broadcast","scope","label","dynamic","valid_life_time",
 *                      "preferred_life_time"}]}]
 *   PID error TEXT   the namespace could not be entered or read (the process is gone, say)
 * Exit 0 once every pid has its line. Every netlink read has a timeout (NETLINK_TIMEOUT_S); a
 * dump the kernel reports as interrupted by a change is taken again (up to DUMP_TRIES times).
 *
 * Linked into corral-exec-helper by scripts/build.mjs (gcc -static), so it needs no C library
 * or `ip` at run time either.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define NETLINK_TIMEOUT_S 2 /* the kernel answers a dump at once; a namespace never makes it wait */
#define DUMP_TRIES 3

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			fputs("corral-exec-helper: out of memory\n", stderr);
			exit(1);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string of at most n bytes of s (up to its NUL). */
static void put_str(struct buf *b, const char *s, size_t n)
{
	put(b, "\"", 1);
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			putf(b, "\\%c", c);
		else if (c < 0x20)
			putf(b, "\\u%04x", c);
		else
			put(b, (const char *)&c, 1);
	}
	put(b, "\"", 1);
}

/* A link-layer address as ip prints it: dotted or IPv6 for IP tunnels, colon-separated hex otherwise. */
static void put_lladdr(struct buf *b, const unsigned char *a, size_t n, unsigned short type)
{
	char text[INET6_ADDRSTRLEN];
	if (n == 4 && (type == ARPHRD_TUNNEL || type == ARPHRD_SIT || type == ARPHRD_IPGRE) && inet_ntop(AF_INET, a, text, sizeof text))
		return put_str(b, text, sizeof text);
	if (n == 16 && (type == ARPHRD_TUNNEL6 || type == ARPHRD_IP6GRE) && inet_ntop(AF_INET6, a, text, sizeof text))
		return put_str(b, text, sizeof text);
	put(b, "\"", 1);
	for (size_t i = 0; i < n; i++)
		putf(b, i ? ":%02x" : "%02x", a[i]);
	put(b, "\"", 1);
}

static void put_flags(struct buf *b, unsigned flags)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ IFF_LOOPBACK, "LOOPBACK" }, { IFF_BROADCAST, "BROADCAST" }, { IFF_POINTOPOINT, "POINTOPOINT" },
		{ IFF_MULTICAST, "MULTICAST" }, { IFF_NOARP, "NOARP" }, { IFF_ALLMULTI, "ALLMULTI" },
		{ IFF_PROMISC, "PROMISC" }, { IFF_MASTER, "MASTER" }, { IFF_SLAVE, "SLAVE" },
		{ IFF_DEBUG, "DEBUG" }, { IFF_DYNAMIC, "DYNAMIC" }, { IFF_AUTOMEDIA, "AUTOMEDIA" },
		{ IFF_PORTSEL, "PORTSEL" }, { IFF_NOTRAILERS, "NOTRAILERS" }, { IFF_UP, "UP" },
		{ IFF_LOWER_UP, "LOWER_UP" }, { IFF_DORMANT, "DORMANT" }, { IFF_ECHO, "ECHO" },
	};
	const char *sep = "";
	put(b, "[", 1);
	/* As ip: an interface up without a carrier says so first. */
	if ((flags & IFF_UP) && !(flags & IFF_RUNNING)) {
		put(b, "\"NO-CARRIER\"", 12);
		sep = ",";
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (flags & names[i].bit) {
			putf(b, "%s\"%s\"", sep, names[i].name);
			sep = ",";
		}
	put(b, "]", 1);
}

static const char *operstate(unsigned char s)
{
	static const char *names[] = { "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP" };
	return s < sizeof names / sizeof names[0] ? names[s] : "UNKNOWN";
}

static void put_scope(struct buf *b, unsigned char scope)
{
	switch (scope) {
	case RT_SCOPE_UNIVERSE: put(b, "\"global\"", 8); break;
	case RT_SCOPE_SITE: put(b, "\"site\"", 6); break;
	case RT_SCOPE_LINK: put(b, "\"link\"", 6); break;
	case RT_SCOPE_HOST: put(b, "\"host\"", 6); break;
	case RT_SCOPE_NOWHERE: put(b, "\"nowhere\"", 9); break;
	default: putf(b, "\"%u\"", scope);
	}
}

/* One interface: its JSON up to "addr_info":[ and its addresses' objects. */
struct link {
	int index;
	struct buf head, addrs;
};

struct dump {
	struct link *links;
	size_t nlinks;
	int interrupted;
};

static void put_ipaddr(struct buf *b, int family, const void *a)
{
	char text[INET6_ADDRSTRLEN];
	if (!inet_ntop(family, a, text, sizeof text))
		text[0] = 0;
	put_str(b, text, sizeof text);
}

static void on_link(struct dump *d, struct nlmsghdr *nh)
{
	struct ifinfomsg *ifi = NLMSG_DATA(nh);
	int len = (int)IFLA_PAYLOAD(nh);
	struct rtattr *tb[IFLA_MAX + 1] = { 0 };
	for (struct rtattr *rta = IFLA_RTA(ifi); RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type <= IFLA_MAX)
			tb[rta->rta_type] = rta;
	struct link *grown = realloc(d->links, (d->nlinks + 1) * sizeof *d->links);
	if (!grown) {
		fputs("corral-exec-helper: out of memory\n", stderr);
		exit(1);
	}
	d->links = grown;
	struct link *l = &d->links[d->nlinks++];
	*l = (struct link){ .index = ifi->ifi_index };
	struct buf *b = &l->head;
	putf(b, "{\"ifindex\":%d,\"ifname\":", ifi->ifi_index);
	if (tb[IFLA_IFNAME])
		put_str(b, RTA_DATA(tb[IFLA_IFNAME]), RTA_PAYLOAD(tb[IFLA_IFNAME]));
	else
		put(b, "\"\"", 2);
	put(b, ",\"flags\":", 9);
	put_flags(b, ifi->ifi_flags);
	if (tb[IFLA_MTU] && RTA_PAYLOAD(tb[IFLA_MTU]) >= 4)
		putf(b, ",\"mtu\":%u", *(uint32_t *)RTA_DATA(tb[IFLA_MTU]));
	if (tb[IFLA_OPERSTATE] && RTA_PAYLOAD(tb[IFLA_OPERSTATE]) >= 1)
		putf(b, ",\"operstate\":\"%s\"", operstate(*(unsigned char *)RTA_DATA(tb[IFLA_OPERSTATE])));
	if (tb[IFLA_ADDRESS]) {
		put(b, ",\"address\":", 11);
		put_lladdr(b, RTA_DATA(tb[IFLA_ADDRESS]), RTA_PAYLOAD(tb[IFLA_ADDRESS]), ifi->ifi_type);
	}
	if (tb[IFLA_BROADCAST]) {
		put(b, ",\"broadcast\":", 13);
		put_lladdr(b, RTA_DATA(tb[IFLA_BROADCAST]), RTA_PAYLOAD(tb[IFLA_BROADCAST]), ifi->ifi_type);
	}
	put(b, ",\"addr_info\":[", 14);
}

static void on_addr(struct dump *d, struct nlmsghdr *nh)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(nh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return;
	struct link *l = NULL;
	for (size_t i = 0; i < d->nlinks && !l; i++)
		if (d->links[i].index == (int)ifa->ifa_index)
			l = &d->links[i];
	if (!l)
		return; /* an interface that came after the link dump: the next list sees both */
	int len = (int)IFA_PAYLOAD(nh);
	struct rtattr *tb[IFA_MAX + 1] = { 0 };
	for (struct rtattr *rta = IFA_RTA(ifa); RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type <= IFA_MAX)
			tb[rta->rta_type] = rta;
	size_t alen = ifa->ifa_family == AF_INET ? 4 : 16;
	/* As ip: "local" is IFA_LOCAL, or IFA_ADDRESS without it; a different IFA_ADDRESS is the peer. */
	struct rtattr *local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	struct rtattr *peer = tb[IFA_ADDRESS];
	if (!local || RTA_PAYLOAD(local) < alen)
		return;
	uint32_t flags = tb[IFA_FLAGS] && RTA_PAYLOAD(tb[IFA_FLAGS]) >= 4 ? *(uint32_t *)RTA_DATA(tb[IFA_FLAGS]) : ifa->ifa_flags;
	struct buf *b = &l->addrs;
	if (b->len)
		put(b, ",", 1);
	putf(b, "{\"family\":\"%s\",\"local\":", ifa->ifa_family == AF_INET ? "inet" : "inet6");
	put_ipaddr(b, ifa->ifa_family, RTA_DATA(local));
	if (peer && RTA_PAYLOAD(peer) >= alen && memcmp(RTA_DATA(peer), RTA_DATA(local), alen) != 0) {
		put(b, ",\"address\":", 11);
		put_ipaddr(b, ifa->ifa_family, RTA_DATA(peer));
	}
	putf(b, ",\"prefixlen\":%u", ifa->ifa_prefixlen);
	if (tb[IFA_BROADCAST] && RTA_PAYLOAD(tb[IFA_BROADCAST]) >= alen) {
		put(b, ",\"broadcast\":", 13);
		put_ipaddr(b, ifa->ifa_family, RTA_DATA(tb[IFA_BROADCAST]));
	}
	put(b, ",\"scope\":", 9);
	put_scope(b, ifa->ifa_scope);
	if (!(flags & IFA_F_PERMANENT))
		put(b, ",\"dynamic\":true", 15);
	if (tb[IFA_LABEL]) {
		put(b, ",\"label\":", 9);
		put_str(b, RTA_DATA(tb[IFA_LABEL]), RTA_PAYLOAD(tb[IFA_LABEL]));
	}
	if (tb[IFA_CACHEINFO] && RTA_PAYLOAD(tb[IFA_CACHEINFO]) >= sizeof(struct ifa_cacheinfo)) {
		struct ifa_cacheinfo *ci = RTA_DATA(tb[IFA_CACHEINFO]);
		putf(b, ",\"valid_life_time\":%u,\"preferred_life_time\":%u", ci->ifa_valid, ci->ifa_prefered);
	}
	put(b, "}", 1);
}

/* One dump of `type` over fd, each message handed to on_link or on_addr; 0, or an errno. */
static int dump(int fd, int type, uint32_t seq, struct dump *d)
{
	struct {
		struct nlmsghdr nh;
		union {
			struct ifinfomsg ifi;
			struct ifaddrmsg ifa;
		} u;
	} req;
	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = NLMSG_LENGTH(type == RTM_GETLINK ? sizeof req.u.ifi : sizeof req.u.ifa);
	req.nh.nlmsg_type = (uint16_t)type;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = seq;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
		return errno;
	static char rx[65536] __attribute__((aligned(NLMSG_ALIGNTO)));
	for (;;) {
		ssize_t n = recv(fd, rx, sizeof rx, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? ETIMEDOUT : errno;
		if (n == 0)
			return EPROTO;
		int left = (int)n;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)rx; NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
			if (nh->nlmsg_seq != seq)
				continue;
			if (nh->nlmsg_flags & NLM_F_DUMP_INTR)
				d->interrupted = 1;
			if (nh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);
				return e->error ? -e->error : EPROTO;
			}
			if (nh->nlmsg_type == RTM_NEWLINK)
				on_link(d, nh);
			else if (nh->nlmsg_type == RTM_NEWADDR)
				on_addr(d, nh);
		}
	}
}

static void clear(struct dump *d)
{
	for (size_t i = 0; i < d->nlinks; i++) {
		free(d->links[i].head.p);
		free(d->links[i].addrs.p);
	}
	free(d->links);
	*d = (struct dump){ 0 };
}

/* The listing of the current network namespace into out; 0, or an errno with what failed in *what. */
static int listing(struct buf *out, const char **what)
{
	static uint32_t seq;
	int err = 0;
	for (int tries = 0; tries < DUMP_TRIES; tries++) {
		struct dump d = { 0 };
		*what = "netlink socket";
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		if (fd < 0)
			return errno;
		struct timeval tv = { .tv_sec = NETLINK_TIMEOUT_S };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		*what = "RTM_GETLINK dump";
		err = dump(fd, RTM_GETLINK, ++seq, &d);
		if (!err) {
			*what = "RTM_GETADDR dump";
			err = dump(fd, RTM_GETADDR, ++seq, &d);
		}
		close(fd);
		if (!err && (!d.interrupted || tries == DUMP_TRIES - 1)) {
			put(out, "[", 1);
			for (size_t i = 0; i < d.nlinks; i++) {
				struct link *l = &d.links[i];
				if (i)
					put(out, ",", 1);
				put(out, l->head.p, l->head.len);
				if (l->addrs.len)
					put(out, l->addrs.p, l->addrs.len);
				put(out, "]}", 2);
			}
			put(out, "]", 1);
		}
		clear(&d);
		if (err || out->len)
			break;
	}
	return err;
}

int netns_addrs_main(int argc, char **argv)
{
	struct buf out = { 0 };
	for (int i = 0; i < argc; i++) {
		const char *pid = argv[i];
		char path[64], what_buf[80];
		const char *what = what_buf;
		int err = 0;
		out.len = 0;
		if (!*pid || strspn(pid, "0123456789") != strlen(pid) || strlen(pid) > 10) {
			printf("%s error not a pid\n", pid);
			continue;
		}
		snprintf(path, sizeof path, "/proc/%s/ns/net", pid);
		int ns = open(path, O_RDONLY | O_CLOEXEC);
		if (ns < 0) {
			err = errno;
			snprintf(what_buf, sizeof what_buf, "open %s", path);
		} else if (setns(ns, CLONE_NEWNET) < 0) {
			err = errno;
			snprintf(what_buf, sizeof what_buf, "setns %s", path);
		}
		if (ns >= 0)
			close(ns);
		if (!err)
			err = listing(&out, &what);
		if (err)
			printf("%s error %s: %s\n", pid, what, strerror(err));
		else
			printf("%s ok %s\n", pid, out.p);
	}
	free(out.p);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
