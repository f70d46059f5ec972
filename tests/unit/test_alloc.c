/*
 * Suite alloc: the allocation policy (src/model/alloc.h).  Running out of
 * memory is one line on stderr naming what ran out and what flowmc was
 * doing, and exit status 2 -- never abort()'s SIGABRT, never two lines when
 * several threads run out together; the CLI's handler removes unfinished
 * outputs.  The policy is exercised in forked children (a request no
 * machine grants), and end to end on a model read under an address-space
 * limit just above what flowmc needs to start.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "../common/genmodel.h"
#include "model/alloc.h"
#include "testutil.h"

/* Under AddressSanitizer a request no machine grants is ASan's own fatal
 * report unless failed allocations return NULL, as they do without it: so
 * they do in this test binary, and the policy is tested under ASan too. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

/* Runs fn in a child with stderr captured; returns its wait status and
 * its stderr in *err (malloc'd). */
static int in_child(void (*fn)(void), char **err)
{
    int fd[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fd), 0);
    fflush(NULL);
    pid_t pid = fork();
    CU_ASSERT_TRUE_FATAL(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], STDERR_FILENO);
        fn();
        _exit(0); /* fn returned: the allocation succeeded */
    }
    close(fd[1]);
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);
    ssize_t k;
    while ((k = read(fd[0], buf + n, cap - n - 1)) > 0)
        if ((n += (size_t)k) + 1 >= cap)
            buf = realloc(buf, cap *= 2);
    buf[n] = 0;
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    *err = buf;
    return status;
}

/* Lines of s that are flowmc's (AddressSanitizer adds a warning line of
 * its own when an allocation fails) */
static int lines(const char *s)
{
    int n = 0;
    for (const char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        n += strncmp(l, "flowmc:", 7) == 0 || strncmp(l, "handler", 7) == 0;
    return n;
}

static void huge_request(void)
{
    alloc_doing("reading", "big.bpmn");
    volatile char *p = alloc_zero(SIZE_MAX / 4, 2); /* 8 EiB */
    p[0] = 1;
}

static void overflowing_request(void)
{
    alloc_doing(NULL, NULL);
    volatile char *p = alloc_resize(NULL, SIZE_MAX / 2, 3);
    p[0] = 1;
}

static void test_message_and_status(void)
{
    char *err = NULL;
    int st = in_child(huge_request, &err);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    CU_ASSERT_TRUE(tu_contains(err, "flowmc: out of memory reading big.bpmn (a request for "
                                    "8.0 EiB failed)\n"));
    CU_ASSERT_EQUAL(lines(err), 1);
    free(err);
    st = in_child(overflowing_request, &err);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    CU_ASSERT_TRUE(tu_contains(err, "flowmc: out of memory ("));
    CU_ASSERT_TRUE(tu_contains(err, "more than the address space)"));
    free(err);
}

/* under a limit the line says so: the user can raise it */
static void limited_request(void)
{
    struct rlimit lim = {256UL << 20, 256UL << 20};
    if (setrlimit(RLIMIT_AS, &lim) != 0)
        _exit(9);
    alloc_doing("in", "flowmc sim");
    volatile char *p = alloc_resize(NULL, 1, 512UL << 20);
    p[0] = 1;
}

static void test_limit_named(void)
{
    const char *bin = tu_bin();
    if (strstr(bin, "-san") || getenv("FLOWMC_VALGRIND")) {
        printf("\n    skipped: sanitizer or valgrind build (they reserve more than the limit)");
        return;
    }
    char *err = NULL;
    int st = in_child(limited_request, &err);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    CU_ASSERT_STRING_EQUAL(err, "flowmc: out of memory in flowmc sim (a request for 512 MiB "
                                "failed; the address space is limited to 256 MiB: ulimit -v)\n");
    free(err);
}

/* a handler ends the process its own way, after the line */
static void handler(const char *message)
{
    char buf[600];
    int n = snprintf(buf, sizeof buf, "handler saw [%s]\n", message);
    if (write(STDERR_FILENO, buf, (size_t)n) < 0)
        _exit(8);
    _exit(7);
}

static void handled_request(void)
{
    alloc_on_failure(handler);
    alloc_fail("a libxml2 parser");
}

static void test_handler(void)
{
    char *err = NULL;
    int st = in_child(handled_request, &err);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 7);
    CU_ASSERT_STRING_EQUAL(err, "flowmc: out of memory (a libxml2 parser could not be allocated)\n"
                                "handler saw [flowmc: out of memory (a libxml2 parser could not "
                                "be allocated)]\n");
    free(err);
}

/* eight threads out of memory at once: one line, one exit */
static void *thread_fail(void *arg)
{
    (void)arg;
    volatile char *p = alloc_zero(SIZE_MAX / 8, 4);
    p[0] = 1;
    return NULL;
}

static void threads_request(void)
{
    pthread_t t[8];
    alloc_doing(NULL, NULL);
    for (int i = 0; i < 8; i++)
        if (pthread_create(&t[i], NULL, thread_fail, NULL) != 0)
            _exit(9);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
}

static void test_threads(void)
{
    char *err = NULL;
    int st = in_child(threads_request, &err);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    CU_ASSERT_EQUAL(lines(err), 1);
    CU_ASSERT_TRUE(tu_contains(err, "flowmc: out of memory (a request for 8.0 EiB failed)"));
    free(err);
}

/* The CLI end to end: the smallest address space (in steps of 8 MiB) in
 * which `flowmc info` reads a small model, then a 100000-task model (about
 * 10 MB, 100 MB to read) in 24 MiB more: exit 2, the line names the file. */
static int run_limited(long kib, const char *args, char **err)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "ulimit -v %ld && exec '%s' %s >/dev/null", kib, tu_bin(), args);
    return tu_sh(cmd, NULL, err);
}

static void test_cli_reading(void)
{
    const char *bin = tu_bin();
    if (strstr(bin, "-san") || getenv("FLOWMC_VALGRIND")) {
        printf("\n    skipped: sanitizer or valgrind build (they reserve more than the limit)");
        return;
    }
    long base = 0;
    for (long kib = 32768; kib <= 1 << 20 && !base; kib += 8192) {
        char *err = NULL;
        if (run_limited(kib, "info tests/fixtures/sim/timer.bpmn", &err) == 0)
            base = kib;
        free(err);
    }
    CU_ASSERT_TRUE_FATAL(base > 0);
    char path[512], args[600], *err = NULL;
    snprintf(path, sizeof path, "%s/alloc-100k.bpmn", tu_tmpdir());
    CU_ASSERT_TRUE_FATAL(genmodel_chain(path, 100000, 1, 0) > 0);
    snprintf(args, sizeof args, "info '%s'", path);
    int rc = run_limited(base + 24576, args, &err);
    if (rc != 2 || !tu_contains(err, "flowmc: out of memory reading "))
        fprintf(stderr, "\n  limit %ld KiB: status %d, %s\n", base + 24576, rc, err);
    CU_ASSERT_EQUAL(rc, 2);
    CU_ASSERT_TRUE(tu_contains(err, "flowmc: out of memory reading "));
    CU_ASSERT_TRUE(tu_contains(err, "alloc-100k.bpmn (a request for "));
    CU_ASSERT_TRUE(tu_contains(err, "ulimit -v)"));
    if (lines(err) != 1)
        fprintf(stderr, "\n  stderr: %s\n", err);
    CU_ASSERT_EQUAL(lines(err), 1);
    free(err);
}

/* alloc_vprintf through a caller's own variadic function, as page.c's
 * bytes_addf uses it: the arguments are read twice (length, then text). */
static char *vprintf_via(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *vprintf_via(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = alloc_vprintf(fmt, ap);
    va_end(ap);
    return s;
}

static void test_printf(void)
{
    char *s = alloc_printf("%s-%d-%.2f", "lane", 42, 1.5);
    CU_ASSERT_STRING_EQUAL(s, "lane-42-1.50");
    free(s);
    s = alloc_printf("%s", "");
    CU_ASSERT_STRING_EQUAL(s, "");
    free(s);
    /* longer than any buffer on the stack the callers used to have */
    char *big = malloc(20001);
    memset(big, 'x', 20000);
    big[20000] = 0;
    s = vprintf_via("<%s|%d|%s>", big, 7, "end");
    CU_ASSERT_EQUAL(strlen(s), 20000 + 8);
    CU_ASSERT_EQUAL(strncmp(s, "<xxx", 4), 0);
    CU_ASSERT_STRING_EQUAL(s + 20001, "|7|end>");
    free(s);
    free(big);
    /* a wide character the C locale cannot write: an encoding error */
    static const wchar_t wide[] = {0x263A, 0};
    s = alloc_printf("%ls", wide);
    CU_ASSERT_STRING_EQUAL(s, "");
    free(s);
}

/* The degrading growth step keeps what the array held, one element or
 * many at a time, and refuses an overflowing size without touching it. */
static void test_grow_try(void)
{
    int *a = alloc_grow_try(NULL, 0, 0, sizeof *a); /* empty, yet a pointer */
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    size_t n = 0;
    for (int i = 0; i < 1000; i++) {
        int *q = alloc_grow_try(a, n, 1, sizeof *a);
        CU_ASSERT_PTR_NOT_NULL_FATAL(q);
        a = q;
        a[n++] = i;
    }
    for (int k = 1; k <= 300; k += 37) {
        int *q = alloc_grow_try(a, n, (size_t)k, sizeof *a);
        CU_ASSERT_PTR_NOT_NULL_FATAL(q);
        a = q;
        for (int j = 0; j < k; j++)
            a[n++] = -j;
    }
    int ok = 1;
    for (size_t i = 0; i < 1000; i++)
        ok &= a[i] == (int)i;
    CU_ASSERT_TRUE(ok);
    CU_ASSERT_EQUAL(n, 1000 + 1341); /* k = 1, 38, ..., 297 */
    CU_ASSERT_EQUAL(a[1000], 0);
    CU_ASSERT_EQUAL(a[1001], 0);
    CU_ASSERT_EQUAL(a[1002], -1);
    CU_ASSERT_EQUAL(a[n - 1], -296);
    CU_ASSERT_PTR_NULL(alloc_grow_try(a, n, SIZE_MAX / 4, sizeof *a));
    CU_ASSERT_PTR_NULL(alloc_grow_try(a, n, SIZE_MAX, 1));
    CU_ASSERT_EQUAL(a[999], 999); /* untouched by the refusals */
    free(a);
}

/* The one string builder: appends keep every byte (NULs included) and the
 * terminator across many growths, from nothing and from a given capacity. */
static void test_append(void)
{
    char *s = NULL;
    size_t n = 0, cap = 0;
    alloc_append(&s, &n, &cap, "", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_STRING_EQUAL(s, "");
    for (int i = 0; i < 5000; i++)
        alloc_append(&s, &n, &cap, "ab\0c", 4);
    CU_ASSERT_EQUAL(n, 20000);
    CU_ASSERT_TRUE(cap > n);
    CU_ASSERT_EQUAL(s[n], 0);
    CU_ASSERT_EQUAL(memcmp(s + 19996, "ab\0c", 4), 0);
    alloc_reserve(&s, n, &cap, 100000);
    CU_ASSERT_TRUE(cap >= n + 100001);
    CU_ASSERT_EQUAL(memcmp(s, "ab\0c", 4), 0); /* kept by the growth */
    free(s);
}

/* A stream read to its end: an empty one, one past the first chunk, and a
 * read error (a directory) that gives NULL. */
static void test_read_stream(void)
{
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t n = 99;
    char *b = alloc_read_stream(f, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_STRING_EQUAL(b, "");
    free(b);
    for (int i = 0; i < 30000; i++)
        fputs(i % 2 ? "xyz" : "q\n", f);
    rewind(f);
    b = alloc_read_stream(f, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(n, 75000);
    CU_ASSERT_EQUAL(strlen(b), 75000);
    CU_ASSERT_EQUAL(memcmp(b + 74995, "q\nxyz", 5), 0);
    free(b);
    fclose(f);
    FILE *d = fopen(".", "rb"); /* opens on Linux; reading it fails (EISDIR) */
    if (d) {
        CU_ASSERT_PTR_NULL(alloc_read_stream(d, &n));
        fclose(d);
    }
}

void suite_alloc(void);
void suite_alloc(void)
{
    static const CU_TestInfo tests[] = {
        {"one line, exit 2, not SIGABRT", test_message_and_status},
        {"the address-space limit is named", test_limit_named},
        {"the handler ends the process", test_handler},
        {"threads failing together: one line", test_threads},
        {"the CLI reading a model past its memory", test_cli_reading},
        {"printf into an allocation of any length", test_printf},
        {"the degrading growth step keeps and refuses", test_grow_try},
        {"the string builder appends and grows", test_append},
        {"a stream read to its end, or NULL on a read error", test_read_stream},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("alloc", tests);
}
