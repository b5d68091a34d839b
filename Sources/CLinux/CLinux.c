#define _GNU_SOURCE
#include "CLinux.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

pid_t cl_clone(uint64_t flags) {
    // x86_64 argument order: flags, stack, parent_tid, child_tid, tls.
    return (pid_t)syscall(SYS_clone, (unsigned long)(flags | SIGCHLD), 0, 0, 0, 0);
}
int cl_unshare(int flags) { return unshare(flags); }
int cl_setns(int fd, int nstype) { return setns(fd, nstype); }
int cl_pivot_root(const char *new_root, const char *put_old) { return (int)syscall(SYS_pivot_root, new_root, put_old); }
int cl_mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data) {
    return mount(source, target, fstype, flags, data);
}
int cl_umount2(const char *target, int flags) { return umount2(target, flags); }
int cl_sethostname(const char *name, size_t len) { return sethostname(name, len); }
int cl_setresuid(uid_t r, uid_t e, uid_t s) { return setresuid(r, e, s); }
int cl_setresgid(gid_t r, gid_t e, gid_t s) { return setresgid(r, e, s); }
int cl_setgroups(size_t n, const gid_t *groups) { return setgroups(n, groups); }
int cl_mknod(const char *path, mode_t mode, unsigned int major, unsigned int minor) {
    return mknod(path, mode, makedev(major, minor));
}
int cl_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5) {
    return prctl(option, a2, a3, a4, a5);
}
int cl_ioctl_int(int fd, unsigned long request, int value) { return ioctl(fd, request, value); }
int cl_ioctl_ptr(int fd, unsigned long request, void *arg) { return ioctl(fd, request, arg); }
int cl_fcntl_int(int fd, int cmd, int value) { return fcntl(fd, cmd, value); }
long cl_statfs_type(const char *path) {
    struct statfs info;
    return statfs(path, &info) == 0 ? (long)info.f_type : -1;
}
int cl_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }
int cl_close_range(unsigned int first, unsigned int last, unsigned int flags) {
    return (int)syscall(SYS_close_range, first, last, flags);
}
int cl_memfd_create(const char *name, unsigned int flags) { return memfd_create(name, flags); }
int cl_open_tmpfile(const char *directory, int flags, mode_t mode) { return open(directory, O_TMPFILE | flags, mode); }
int cl_fexecve(int fd, char *const argv[], char *const envp[]) { return fexecve(fd, argv, envp); }
int cl_execvpe(const char *file, char *const argv[], char *const envp[]) { return execvpe(file, argv, envp); }
int cl_setrlimit(int resource, uint64_t soft, uint64_t hard) {
    struct rlimit limit = { .rlim_cur = soft, .rlim_max = hard };
    return setrlimit((__rlimit_resource_t)resource, &limit);
}

int cl_capget(uint64_t *effective, uint64_t *permitted, uint64_t *inheritable) {
    struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    *effective = (uint64_t)data[0].effective | ((uint64_t)data[1].effective << 32);
    *permitted = (uint64_t)data[0].permitted | ((uint64_t)data[1].permitted << 32);
    *inheritable = (uint64_t)data[0].inheritable | ((uint64_t)data[1].inheritable << 32);
    return 0;
}
int cl_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable) {
    struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2];
    data[0].effective = (uint32_t)effective; data[1].effective = (uint32_t)(effective >> 32);
    data[0].permitted = (uint32_t)permitted; data[1].permitted = (uint32_t)(permitted >> 32);
    data[0].inheritable = (uint32_t)inheritable; data[1].inheritable = (uint32_t)(inheritable >> 32);
    return (int)syscall(SYS_capset, &header, data);
}

int cl_send_fd(int socket, int fd) {
    char byte = 0;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
    memset(&control, 0, sizeof(control));
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    ssize_t n;
    do { n = sendmsg(socket, &msg, 0); } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : 0;
}
int cl_recv_fd(int socket) {
    char byte;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
    ssize_t n;
    do { n = recvmsg(socket, &msg, MSG_CMSG_CLOEXEC); } while (n < 0 && errno == EINTR);
    if (n <= 0) { if (n == 0) errno = ECONNRESET; return -1; }
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    if (!cmsg || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) { errno = EBADMSG; return -1; }
    int fd;
    memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
    return fd;
}

int cl_signalfd_for(const int *signals, int count) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_CLOEXEC);
}
int cl_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t n;
    do { n = read(fd, &info, sizeof(info)); } while (n < 0 && errno == EINTR);
    return n == sizeof(info) ? (int)info.ssi_signo : -1;
}
void cl_reset_signals(void) {
    sigset_t all;
    sigemptyset(&all);
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    sigprocmask(SIG_SETMASK, &all, NULL);
}

int cl_wifexited(int status) { return WIFEXITED(status); }
int cl_wexitstatus(int status) { return WEXITSTATUS(status); }
int cl_wifsignaled(int status) { return WIFSIGNALED(status); }
int cl_wtermsig(int status) { return WTERMSIG(status); }

int cl_ptsname_number(int master) {
    unsigned int n;
    if (ioctl(master, TIOCGPTN, &n) != 0) return -1;
    return (int)n;
}
int cl_unlockpt(int master) {
    int unlock = 0;
    return ioctl(master, TIOCSPTLCK, &unlock);
}
int cl_set_winsize(int fd, unsigned short rows, unsigned short cols) {
    struct winsize ws = { .ws_row = rows, .ws_col = cols };
    return ioctl(fd, TIOCSWINSZ, &ws);
}
int cl_get_winsize(int fd, unsigned short *rows, unsigned short *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}
_Static_assert(sizeof(struct termios) <= 128, "termios fits the opaque buffer");
int cl_make_raw(int fd, void *saved) {
    struct termios mode;
    if (tcgetattr(fd, &mode) != 0) return -1;
    memcpy(saved, &mode, sizeof(mode));
    cfmakeraw(&mode);
    return tcsetattr(fd, TCSANOW, &mode);
}
int cl_restore_mode(int fd, const void *saved) {
    struct termios mode;
    memcpy(&mode, saved, sizeof(mode));
    return tcsetattr(fd, TCSANOW, &mode);
}
int cl_setctty(int fd) { return ioctl(fd, TIOCSCTTY, 0); }

#include <sys/xattr.h>
int cl_fsetxattr(int fd, const char *name, const void *value, size_t size, int flags) {
    return fsetxattr(fd, name, value, size, flags);
}
ssize_t cl_lgetxattr(const char *path, const char *name, void *value, size_t size) {
    return lgetxattr(path, name, value, size);
}
ssize_t cl_llistxattr(const char *path, char *list, size_t size) {
    return llistxattr(path, list, size);
}
ssize_t cl_getxattr(const char *path, const char *name, void *value, size_t size) {
    return getxattr(path, name, value, size);
}
ssize_t cl_listxattr(const char *path, char *list, size_t size) {
    return listxattr(path, list, size);
}
int cl_lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags) {
    return lsetxattr(path, name, value, size, flags);
}

#include <linux/openat2.h>
int cl_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct open_how how = { .flags = flags, .mode = mode, .resolve = resolve };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}
ssize_t cl_copy_file_range(int in, int out, size_t length) {
    return copy_file_range(in, NULL, out, NULL, length, 0);
}
int cl_syncfs(int fd) { return syncfs(fd); }
uint64_t cl_makedev(unsigned int major, unsigned int minor) { return makedev(major, minor); }
unsigned int cl_major(uint64_t device) { return major(device); }
unsigned int cl_minor(uint64_t device) { return minor(device); }

int cl_spawn_close_from(posix_spawn_file_actions_t *actions, int first) {
    return posix_spawn_file_actions_addclosefrom_np(actions, first);
}
