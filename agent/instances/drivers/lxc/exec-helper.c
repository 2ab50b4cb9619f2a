/*
 * corral-exec-helper: one long-lived exec server per running container (see exec-helper.ts).
 *
 * corrald starts it once per container run with `lxc-attach --clear-env -- /proc/self/fd/3`, so it
 * carries exactly what lxc-attach sets up: the container's namespaces, cgroup, LSM label, seccomp
 * filter, capability bounding set, personality and no_new_privs, as the container's root. Each
 * exec is then one fork of this small process instead of a new lxc-attach; the child does the
 * per-command part of lxc-attach's do_attach() and lxc_attach_run_command(): supplementary groups
 * dropped, gid then uid, the environment lxc-attach --clear-env -v builds (PATH default,
 * container=lxc, then the given variables), a socketpair per standard stream, execvp(), exit 126
 * or 127 when the command cannot be run.
 *
 * Wire (fd 0 in, fd 1 out: the agent's socketpairs), native byte order, every frame:
 *   u32 length of what follows, u8 type, u32 session id, payload.
 * In:  START {i32 uid, i32 gid (-1: unchanged), u32 drain ms, u32 argc, u32 envc, argv and env
 *      as NUL-terminated strings}, STDIN {bytes}, STDIN_CLOSE {}, SIGNAL {i32 signal}.
 * Out: READY (id 0, once), STARTED {i32 pid inside}, FAILED {message} (nothing ran; the session
 *      is over), STDOUT {bytes}, STDERR {bytes}, STDIN_ACK {u32 bytes taken}, EXIT {i32 status:
 *      the exit code, or 128 + signal}.
 * EXIT follows once the command has exited and its stdout and stderr reached EOF, or `drain ms`
 * after it exited when something it started keeps them open. When fd 0 reaches EOF (corrald is
 * gone), every running command is killed and the helper exits.
 *
 * With the argument `--host` it is corrald's own command starter on the host (agent/host/spawner.ts):
 * forking this small process costs a fraction of forking corrald (whose page tables a fork copies,
 * and which waits in spawn() until the child has exec'd). There the child does what node's spawn
 * does and nothing of lxc-attach's: the environment is exactly the one given, START carries two
 * more fields after the environment (cwd, a NUL-terminated string, empty for the helper's own;
 * u8 stdin: 0 for /dev/null, 1 for the socket), exec and chdir failures are FAILED frames
 * ("exec <errno> <message>", "chdir <errno> <message>"), EXIT's status is the exit code or minus
 * the signal, and when fd 0 reaches EOF the helper exits leaving its commands running, as commands
 * node started outlive a corrald that dies. A START that runs this binary itself in one of its
 * modes (`--btrfs`, the btrfs pool driver's subvolume operations, btrfs-ioctl.c; `--netns-addrs`)
 * runs in the forked child without an exec.
 *
 * With `--netns-addrs PID...` it lists the interfaces and addresses inside those pids' network
 * namespaces and exits (netns-addrs.c, linked in).
 *
 * Built by scripts/build.mjs with `gcc -static` (the container may have no C library at all).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int btrfs_main(int argc, char **argv); /* btrfs-ioctl.c */
int netns_addrs_main(int argc, char **argv); /* netns-addrs.c */

enum { T_START = 1, T_STDIN = 2, T_STDIN_CLOSE = 3, T_SIGNAL = 4 };
enum { T_READY = 0x80, T_STARTED, T_FAILED, T_STDOUT, T_STDERR, T_STDIN_ACK, T_EXIT };

#define MAX_FRAME (16u << 20)
#define CHUNK 65536
#define PATH_DEFAULT "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct session {
	uint32_t id;
	pid_t pid;
	int in, out, err; /* our ends; -1 once closed */
	char *inbuf;
	size_t inlen;
	int close_in; /* STDIN_CLOSE seen: close once inbuf is written */
	int reaped, status;
	uint32_t drain_ms;
	int64_t deadline; /* ms, once reaped */
};

static struct session **sessions;
static size_t nsessions;
static sigset_t orig_mask;
static int host_mode;
static struct sigaction orig_pipe;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void die(const char *what)
{
	dprintf(2, "corral-exec-helper: %s: %s\n", what, strerror(errno));
	for (size_t i = 0; i < nsessions; i++)
		if (!sessions[i]->reaped)
			kill(sessions[i]->pid, SIGKILL);
	_exit(1);
}

static void write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("write to corrald");
		c += w;
		n -= (size_t)w;
	}
}

static void send_frame(uint8_t type, uint32_t id, const void *payload, uint32_t len)
{
	char head[9];
	uint32_t total = 5 + len;
	memcpy(head, &total, 4);
	head[4] = (char)type;
	memcpy(head + 5, &id, 4);
	write_all(1, head, sizeof head);
	if (len)
		write_all(1, payload, len);
}

static void send_i32(uint8_t type, uint32_t id, int32_t v)
{
	send_frame(type, id, &v, 4);
}

static struct session *find(uint32_t id)
{
	for (size_t i = 0; i < nsessions; i++)
		if (sessions[i]->id == id)
			return sessions[i];
	return NULL;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void finish(size_t i)
{
	struct session *s = sessions[i];
	send_i32(T_EXIT, s->id, s->status);
	close_fd(&s->in);
	close_fd(&s->out);
	close_fd(&s->err);
	free(s->inbuf);
	free(s);
	sessions[i] = sessions[--nsessions];
}

typedef int (*mode_fn)(int argc, char **argv);

static int netns_addrs_mode(int argc, char **argv)
{
	return netns_addrs_main(argc - 2, argv + 2);
}

/* This binary's own modes, `corral-exec-helper FLAG ARGS...`: each takes the whole argv. */
static const struct {
	const char *flag;
	mode_fn run;
} modes[] = { { "--btrfs", btrfs_main }, { "--netns-addrs", netns_addrs_mode } };

static mode_fn mode_of(char **argv)
{
	for (size_t i = 0; argv[0] && argv[1] && i < sizeof modes / sizeof *modes; i++)
		if (!strcmp(argv[1], modes[i].flag))
			return modes[i].run;
	return NULL;
}

/* Where this binary is (host mode): a command that runs one of its modes needs no exec. */
static char self_exe[PATH_MAX];

/* The forked child in host mode: node's spawn steps (stdio, cwd, the given environment, execvp). */
static void host_child(int in, int out, int err, int errfd, char **argv, char **env, const char *cwd)
{
	char msg[256];
	int e;
	if ((in >= 0 && dup2(in, 0) < 0) || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
		e = errno;
		snprintf(msg, sizeof msg, "dup2 %d %s", e, strerror(e));
		goto fail;
	}
	sigaction(SIGPIPE, &orig_pipe, NULL);
	sigprocmask(SIG_SETMASK, &orig_mask, NULL);
	if (*cwd && chdir(cwd) < 0) {
		e = errno;
		snprintf(msg, sizeof msg, "chdir %d %s", e, strerror(e));
		goto fail;
	}
	environ = env;
	mode_fn mode = *self_exe && !strcmp(argv[0], self_exe) ? mode_of(argv) : NULL;
	if (mode) {
		/* This binary's own mode runs here, with no exec: as if it had exec'd itself (its stdin
		 * not the helper's channel, its buffered output flushed at the end). */
		close(errfd);
		if (in < 0)
			close(0);
		int argc = 0;
		while (argv[argc])
			argc++;
		int rc = mode(argc, argv);
		fflush(NULL);
		_exit(rc);
	}
	execvp(argv[0], argv);
	e = errno;
	snprintf(msg, sizeof msg, "exec %d %s", e, strerror(e));
fail:
	if (write(errfd, msg, strlen(msg)) < 0)
		_exit(2);
	_exit(127);
}

/* The forked child: the per-command steps of lxc-attach, then the command. Setup failures go to
 * errfd (the helper reports them as FAILED); exec failures are the command's, as with lxc-attach. */
static void child(int in, int out, int err, int errfd, int32_t uid, int32_t gid, char **argv, char **env, uint32_t envc)
{
	char msg[256];
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
		snprintf(msg, sizeof msg, "dup2: %s", strerror(errno));
		goto fail;
	}
	sigaction(SIGPIPE, &orig_pipe, NULL);
	sigprocmask(SIG_SETMASK, &orig_mask, NULL);
	if (setgroups(0, NULL) < 0 && errno != EPERM) {
		snprintf(msg, sizeof msg, "Failed to drop supplementary groups: %s", strerror(errno));
		goto fail;
	}
	if (gid >= 0 && setgid((gid_t)gid) < 0) {
		snprintf(msg, sizeof msg, "Failed to switch to gid %d: %s", gid, strerror(errno));
		goto fail;
	}
	if (uid >= 0 && setuid((uid_t)uid) < 0) {
		snprintf(msg, sizeof msg, "Failed to switch to uid %d: %s", uid, strerror(errno));
		goto fail;
	}
	clearenv();
	setenv("PATH", PATH_DEFAULT, 1);
	putenv("container=lxc");
	for (uint32_t i = 0; i < envc; i++)
		putenv(env[i]);
	execvp(argv[0], argv);
	int e = errno;
	dprintf(2, "corral-exec: %s - Failed to exec \"%s\"\n", strerror(e), argv[0]);
	_exit(e == EACCES || e == ENOEXEC ? 126 : e == ENOENT ? 127 : 255);
fail:
	if (write(errfd, msg, strlen(msg)) < 0)
		_exit(2);
	_exit(1);
}

/* Reads a NUL-terminated string at *p (within end). */
static char *take_str(char **p, char *end)
{
	char *s = *p;
	char *nul = memchr(s, 0, (size_t)(end - s));
	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

static void start(uint32_t id, char *p, uint32_t len)
{
	char *end = p + len;
	int32_t uid, gid;
	uint32_t drain, argc, envc;
	if (len < 20 || find(id)) {
		send_frame(T_FAILED, id, "bad START frame", 15);
		return;
	}
	memcpy(&uid, p, 4);
	memcpy(&gid, p + 4, 4);
	memcpy(&drain, p + 8, 4);
	memcpy(&argc, p + 12, 4);
	memcpy(&envc, p + 16, 4);
	p += 20;
	if (argc == 0 || argc > len || envc > len) {
		send_frame(T_FAILED, id, "bad START frame", 15);
		return;
	}
	char **argv = calloc(argc + 1, sizeof *argv);
	char **env = calloc(envc + 1, sizeof *env);
	if (!argv || !env)
		die("calloc");
	for (uint32_t i = 0; i < argc + envc; i++) {
		char *s = take_str(&p, end);
		if (!s) {
			free(argv);
			free(env);
			send_frame(T_FAILED, id, "bad START frame", 15);
			return;
		}
		if (i < argc)
			argv[i] = s;
		else
			env[i - argc] = s;
	}
	const char *cwd = "";
	int null_in = 0;
	if (host_mode) {
		cwd = take_str(&p, end);
		if (!cwd || p >= end) {
			free(argv);
			free(env);
			send_frame(T_FAILED, id, "bad START frame", 15);
			return;
		}
		null_in = *p == 0;
	}
	int sp[3][2], ep[2];
	for (int i = 0; i < 3; i++)
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp[i]) < 0)
			die("socketpair");
	if (pipe2(ep, O_CLOEXEC) < 0)
		die("pipe2");
	pid_t pid = fork();
	if (pid < 0) {
		char msg[128];
		int n = snprintf(msg, sizeof msg, "fork: %s", strerror(errno));
		send_frame(T_FAILED, id, msg, (uint32_t)n);
		for (int i = 0; i < 3; i++) {
			close(sp[i][0]);
			close(sp[i][1]);
		}
		close(ep[0]);
		close(ep[1]);
		free(argv);
		free(env);
		return;
	}
	if (pid == 0) {
		if (!host_mode)
			child(sp[0][1], sp[1][1], sp[2][1], ep[1], uid, gid, argv, env, envc);
		int in = null_in ? open("/dev/null", O_RDONLY | O_CLOEXEC) : sp[0][1];
		host_child(in, sp[1][1], sp[2][1], ep[1], argv, env, cwd);
	}
	free(argv);
	free(env);
	for (int i = 0; i < 3; i++)
		close(sp[i][1]);
	close(ep[1]);
	/* The child writes here only when it fails before exec; EOF means the command runs. */
	char msg[256];
	ssize_t n;
	do
		n = read(ep[0], msg, sizeof msg);
	while (n < 0 && errno == EINTR);
	close(ep[0]);
	if (n > 0) {
		waitpid(pid, NULL, 0);
		send_frame(T_FAILED, id, msg, (uint32_t)n);
		for (int i = 0; i < 3; i++)
			close(sp[i][0]);
		return;
	}
	struct session *s = calloc(1, sizeof *s);
	struct session **grown = realloc(sessions, (nsessions + 1) * sizeof *sessions);
	if (!s || !grown)
		die("calloc");
	sessions = grown;
	*s = (struct session){ .id = id, .pid = pid, .in = sp[0][0], .out = sp[1][0], .err = sp[2][0], .drain_ms = drain };
	if (null_in)
		close_fd(&s->in);
	fcntl(s->in, F_SETFL, O_NONBLOCK);
	sessions[nsessions++] = s;
	send_i32(T_STARTED, id, pid);
}

/* Writes what it can of a session's pending stdin, acknowledging it; closes stdin when asked to
 * and nothing is left. A command that closed its stdin takes (and drops) everything. */
static void feed(struct session *s)
{
	uint32_t taken = 0;
	while (s->inlen && s->in >= 0) {
		ssize_t w = send(s->in, s->inbuf + taken, s->inlen, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN)
			break;
		if (w < 0) {
			close_fd(&s->in);
			break;
		}
		taken += (uint32_t)w;
		s->inlen -= (size_t)w;
	}
	if (s->in < 0) {
		taken += (uint32_t)s->inlen;
		s->inlen = 0;
	}
	if (taken) {
		memmove(s->inbuf, s->inbuf + taken, s->inlen);
		send_frame(T_STDIN_ACK, s->id, &taken, 4);
	}
	if (s->close_in && !s->inlen)
		close_fd(&s->in);
}

static void handle(uint8_t type, uint32_t id, char *p, uint32_t len)
{
	if (type == T_START)
		return start(id, p, len);
	struct session *s = find(id);
	if (!s) {
		/* The command is over: data for it is dropped, but still acknowledged. */
		if (type == T_STDIN && len)
			send_frame(T_STDIN_ACK, id, &len, 4);
		return;
	}
	if (type == T_STDIN) {
		char *grown = realloc(s->inbuf, s->inlen + len);
		if (!grown)
			die("realloc");
		s->inbuf = grown;
		memcpy(s->inbuf + s->inlen, p, len);
		s->inlen += len;
		feed(s);
	} else if (type == T_STDIN_CLOSE) {
		s->close_in = 1;
		feed(s);
	} else if (type == T_SIGNAL && len == 4) {
		int32_t sig;
		memcpy(&sig, p, 4);
		if (!s->reaped)
			kill(s->pid, sig);
	}
}

/* Forwards one read of a command's output; closes the stream at EOF. */
static void relay(struct session *s, int *fd, uint8_t type)
{
	static char buf[CHUNK];
	ssize_t n = read(*fd, buf, sizeof buf);
	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0)
		return close_fd(fd);
	send_frame(type, s->id, buf, (uint32_t)n);
}

static void reap(void)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (size_t i = 0; i < nsessions; i++) {
			struct session *s = sessions[i];
			if (s->pid != pid || s->reaped)
				continue;
			s->reaped = 1;
			s->status = WIFEXITED(st) ? WEXITSTATUS(st) : host_mode ? -WTERMSIG(st) : 128 + WTERMSIG(st);
			s->deadline = now_ms() + s->drain_ms;
		}
	}
}

int main(int argc, char **argv)
{
	mode_fn mode = mode_of(argv);
	if (mode)
		return mode(argc, argv);
	host_mode = argc > 1 && strcmp(argv[1], "--host") == 0;
	if (host_mode) {
		ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
		self_exe[n > 0 ? n : 0] = 0;
	}
	prctl(PR_SET_NAME, host_mode ? "corral-spawn" : "corral-exec");
	/* Only the channel and stderr: the binary's own fd (3) and anything else inherited goes. */
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	sigaction(SIGPIPE, NULL, &orig_pipe);
	signal(SIGPIPE, SIG_IGN);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &orig_mask);
	int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		die("signalfd");
	fcntl(0, F_SETFD, FD_CLOEXEC);
	fcntl(1, F_SETFD, FD_CLOEXEC);

	char *in = malloc(CHUNK);
	size_t have = 0, cap = CHUNK;
	if (!in)
		die("malloc");
	send_frame(T_READY, 0, NULL, 0);
	struct pollfd *pfd = NULL;
	for (;;) {
		struct pollfd *grown = realloc(pfd, (2 + 3 * nsessions) * sizeof *pfd);
		if (!grown)
			die("realloc");
		pfd = grown;
		size_t n = 0;
		pfd[n++] = (struct pollfd){ .fd = 0, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		int64_t now = now_ms(), wait = -1;
		for (size_t i = 0; i < nsessions; i++) {
			struct session *s = sessions[i];
			pfd[n++] = (struct pollfd){ .fd = s->out, .events = POLLIN };
			pfd[n++] = (struct pollfd){ .fd = s->err, .events = POLLIN };
			pfd[n++] = (struct pollfd){ .fd = s->inlen ? s->in : -1, .events = POLLOUT };
			if (s->reaped) {
				int64_t left = s->deadline > now ? s->deadline - now : 0;
				if (wait < 0 || left < wait)
					wait = left;
			}
		}
		if (poll(pfd, n, (int)wait) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (pfd[1].revents)
			for (struct signalfd_siginfo si; read(sfd, &si, sizeof si) > 0;)
				;
		reap();
		/* Outputs before the channel: a session's frames go out before its EXIT. */
		size_t k = 2;
		for (size_t i = 0; i < nsessions; i++, k += 3) {
			struct session *s = sessions[i];
			if (s->out >= 0 && pfd[k].revents)
				relay(s, &s->out, T_STDOUT);
			if (s->err >= 0 && pfd[k + 1].revents)
				relay(s, &s->err, T_STDERR);
			if (pfd[k + 2].revents)
				feed(s);
		}
		now = now_ms();
		for (size_t i = nsessions; i-- > 0;) {
			struct session *s = sessions[i];
			if (s->reaped && ((s->out < 0 && s->err < 0) || now >= s->deadline))
				finish(i);
		}
		if (!pfd[0].revents)
			continue;
		if (have == cap) {
			cap *= 2;
			if (cap > MAX_FRAME + 16 || !(in = realloc(in, cap)))
				die("frame too large");
		}
		ssize_t r = read(0, in + have, cap - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		have += (size_t)r;
		size_t off = 0;
		while (have - off >= 4) {
			uint32_t flen;
			memcpy(&flen, in + off, 4);
			if (flen < 5 || flen > MAX_FRAME) {
				errno = EPROTO;
				die("bad frame");
			}
			if (have - off < 4 + (size_t)flen) {
				if (4 + (size_t)flen > cap && !(in = realloc(in, cap = 4 + (size_t)flen)))
					die("realloc");
				break;
			}
			uint32_t id;
			memcpy(&id, in + off + 5, 4);
			handle((uint8_t)in[off + 4], id, in + off + 9, flen - 5);
			off += 4 + flen;
		}
		memmove(in, in + off, have - off);
		have -= off;
	}
	/* corrald is gone: nobody is left to read the commands' output or wait for them. On the host
	 * they run on, as they would have had corrald started them itself. */
	if (host_mode)
		return 0;
	for (size_t i = 0; i < nsessions; i++)
		if (!sessions[i]->reaped)
			kill(sessions[i]->pid, SIGKILL);
	return 0;
}
