// Thin wrappers over the Linux calls Swift cannot import directly: variadic
// functions (prctl, ioctl, fcntl, syscall), macros (CMSG_*, makedev, W* status),
// and calls glibc's module map leaves out (setns, unshare, pivot_root, capset).
// No logic lives here: every function returns what the kernel returned and
// leaves errno set, and LinuxSupport turns that into typed Swift errors.
#pragma once
#include <stdint.h>
#include <sys/types.h>
#include <spawn.h>

/// clone(2) with fork semantics (no new stack): returns 0 in the child.
pid_t cl_clone(uint64_t flags);
int cl_unshare(int flags);
int cl_setns(int fd, int nstype);
int cl_pivot_root(const char *new_root, const char *put_old);
int cl_mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data);
int cl_umount2(const char *target, int flags);
int cl_sethostname(const char *name, size_t len);
int cl_setresuid(uid_t r, uid_t e, uid_t s);
int cl_setresgid(gid_t r, gid_t e, gid_t s);
int cl_setgroups(size_t n, const gid_t *groups);
int cl_mknod(const char *path, mode_t mode, unsigned int major, unsigned int minor);
int cl_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);
int cl_ioctl_int(int fd, unsigned long request, int value);
int cl_ioctl_ptr(int fd, unsigned long request, void *arg);
int cl_fcntl_int(int fd, int cmd, int value);
/// The filesystem type magic of the filesystem holding `path` (statfs f_type), or -1.
long cl_statfs_type(const char *path);
int cl_pipe2(int fds[2], int flags);
int cl_close_range(unsigned int first, unsigned int last, unsigned int flags);
int cl_memfd_create(const char *name, unsigned int flags);
/// open(2) with O_TMPFILE (a macro of two flags Swift does not import): an unnamed file in `directory`.
int cl_open_tmpfile(const char *directory, int flags, mode_t mode);
int cl_fexecve(int fd, char *const argv[], char *const envp[]);
int cl_execvpe(const char *file, char *const argv[], char *const envp[]);
int cl_setrlimit(int resource, uint64_t soft, uint64_t hard);

/// Capabilities as three 64-bit masks (version 3 of the capset ABI).
int cl_capget(uint64_t *effective, uint64_t *permitted, uint64_t *inheritable);
int cl_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable);

/// SCM_RIGHTS: send one fd with a one-byte payload; receive one fd (or -1).
int cl_send_fd(int socket, int fd);
int cl_recv_fd(int socket);

/// A signalfd for the signals in `signals` (an array of `count` numbers),
/// which are also blocked for the calling thread so the fd receives them.
int cl_signalfd_for(const int *signals, int count);
/// Reads one siginfo from a signalfd: returns the signal number, or -1.
int cl_signalfd_read(int fd);
/// Unblocks every signal and resets handlers to default: for a child about to exec.
void cl_reset_signals(void);

int cl_wifexited(int status);
int cl_wexitstatus(int status);
int cl_wifsignaled(int status);
int cl_wtermsig(int status);

/// The number of the pty behind a /dev/ptmx master, and unlock it.
int cl_ptsname_number(int master);
int cl_unlockpt(int master);
int cl_set_winsize(int fd, unsigned short rows, unsigned short cols);
int cl_get_winsize(int fd, unsigned short *rows, unsigned short *cols);
/// Puts a terminal into raw mode; saves the previous mode into `saved` (opaque, 128 bytes).
int cl_make_raw(int fd, void *saved);
int cl_restore_mode(int fd, const void *saved);
int cl_setctty(int fd);

/// fsetxattr(2): sys/xattr.h is not in glibc's module map.
int cl_fsetxattr(int fd, const char *name, const void *value, size_t size, int flags);
ssize_t cl_lgetxattr(const char *path, const char *name, void *value, size_t size);
ssize_t cl_llistxattr(const char *path, char *list, size_t size);
/// The path-taking xattr calls that follow symlinks, and the one that sets without following.
ssize_t cl_getxattr(const char *path, const char *name, void *value, size_t size);
ssize_t cl_listxattr(const char *path, char *list, size_t size);
int cl_lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags);

/// openat2(2), which glibc does not wrap: `resolve` takes the RESOLVE_* flags.
int cl_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);
/// copy_file_range(2) with no offsets (both files' positions advance).
ssize_t cl_copy_file_range(int in, int out, size_t length);
int cl_syncfs(int fd);
/// glibc's makedev, major and minor (macros).
uint64_t cl_makedev(unsigned int major, unsigned int minor);
unsigned int cl_major(uint64_t device);
unsigned int cl_minor(uint64_t device);

/// Closes every descriptor from `first` up in a posix_spawn child (glibc 2.34).
int cl_spawn_close_from(posix_spawn_file_actions_t *actions, int first);
