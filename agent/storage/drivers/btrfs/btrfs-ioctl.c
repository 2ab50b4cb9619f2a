/*
 * The btrfs subvolume operations the btrfs pool driver runs most (agent/storage/drivers/btrfs/cli.ts),
 * made with the kernel's ioctls as btrfs-progs and liblxc make them, compiled into
 * corral-exec-helper:
 *
 *   corral-exec-helper --btrfs snapshot [-r] SRC DST   a snapshot of subvolume SRC at DST (read-only with -r)
 *   corral-exec-helper --btrfs create PATH             an empty subvolume at PATH
 *   corral-exec-helper --btrfs delete PATH             deletes the subvolume at PATH
 *
 * DST and PATH name the new (or deleted) subvolume itself; unlike `btrfs subvolume snapshot`, an
 * existing DST is an error, never a directory to put the snapshot in. The host helper runs these
 * in its forked child without an exec (exec-helper.c), so one costs a fork instead of starting
 * btrfs-progs, whose dynamic loading and set-up take longer than a snapshot itself. Failures are
 * one line on stderr naming the operation, the path and the kernel's reason, and exit code 1, as
 * with btrfs-progs; nothing is written to stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/btrfs.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* The inode number of every subvolume's root directory (BTRFS_FIRST_FREE_OBJECTID). */
#define SUBVOLUME_ROOT_INO 256

static int fail(const char *what, const char *path, int e)
{
	dprintf(2, "ERROR: %s '%s': %s\n", what, path, strerror(e));
	return 1;
}

/* 0 when path is the root of a btrfs subvolume, else 1 after saying why on stderr. */
static int check_subvolume(const char *what, const char *path)
{
	struct stat st;
	struct statfs fs;
	if (stat(path, &st) < 0 || statfs(path, &fs) < 0)
		return fail(what, path, errno);
	if (fs.f_type == BTRFS_SUPER_MAGIC && S_ISDIR(st.st_mode) && st.st_ino == SUBVOLUME_ROOT_INO)
		return 0;
	dprintf(2, "ERROR: %s '%s': not a btrfs subvolume\n", what, path);
	return 1;
}

/* Opens the directory holding path's last component (O_RDONLY) and points *name at that component
 * (in buf); -1 with errno set when path has no usable last component. */
static int open_parent(const char *path, char *buf, size_t size, const char **name)
{
	size_t n = strlen(path);
	if (n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = 0;
	char *slash = strrchr(buf, '/');
	const char *dir = ".";
	*name = buf;
	if (slash) {
		*name = slash + 1;
		dir = slash == buf ? "/" : buf;
		*slash = 0;
	}
	if (!**name || !strcmp(*name, ".") || !strcmp(*name, "..")) {
		errno = EINVAL;
		return -1;
	}
	if (strlen(*name) >= BTRFS_SUBVOL_NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct statfs fs;
	if (fd >= 0 && fstatfs(fd, &fs) == 0 && fs.f_type != BTRFS_SUPER_MAGIC) {
		close(fd);
		errno = EXDEV; /* not on a btrfs filesystem */
		return -1;
	}
	return fd;
}

static int snapshot(const char *src, const char *dst, int readonly)
{
	if (check_subvolume("cannot snapshot", src))
		return 1;
	char buf[PATH_MAX];
	const char *name;
	int dir = open_parent(dst, buf, sizeof buf, &name);
	if (dir < 0)
		return fail("cannot snapshot to", dst, errno);
	int fd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail("cannot open", src, errno);
	struct btrfs_ioctl_vol_args_v2 args;
	memset(&args, 0, sizeof args);
	args.fd = fd;
	args.flags = readonly ? BTRFS_SUBVOL_RDONLY : 0;
	memcpy(args.name, name, strlen(name) + 1);
	if (ioctl(dir, BTRFS_IOC_SNAP_CREATE_V2, &args) < 0)
		return fail("cannot snapshot to", dst, errno);
	return 0;
}

/* An ioctl on the directory holding path that names its last component: create or delete. */
static int by_name(const char *what, const char *path, unsigned long request)
{
	char buf[PATH_MAX];
	const char *name;
	int dir = open_parent(path, buf, sizeof buf, &name);
	if (dir < 0)
		return fail(what, path, errno);
	struct btrfs_ioctl_vol_args args;
	memset(&args, 0, sizeof args);
	memcpy(args.name, name, strlen(name) + 1);
	/* A delete fails with ENOTEMPTY ("Directory not empty") while subvolumes are nested in it, as with btrfs-progs. */
	if (ioctl(dir, request, &args) < 0)
		return fail(what, path, errno);
	return 0;
}

/* argv: the program, "--btrfs", the operation and its arguments. */
int btrfs_main(int argc, char **argv)
{
	const char *op = argc > 2 ? argv[2] : "";
	if (!strcmp(op, "snapshot") && argc == 5)
		return snapshot(argv[3], argv[4], 0);
	if (!strcmp(op, "snapshot") && argc == 6 && !strcmp(argv[3], "-r"))
		return snapshot(argv[4], argv[5], 1);
	if (!strcmp(op, "create") && argc == 4)
		return by_name("cannot create subvolume", argv[3], BTRFS_IOC_SUBVOL_CREATE);
	if (!strcmp(op, "delete") && argc == 4)
		return check_subvolume("cannot delete subvolume", argv[3]) || by_name("cannot delete subvolume", argv[3], BTRFS_IOC_SNAP_DESTROY);
	dprintf(2, "usage: %s --btrfs snapshot [-r] SRC DST | create PATH | delete PATH\n", argv[0]);
	return 2;
}
