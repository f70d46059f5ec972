#!/usr/bin/env python3
"""doctest: runs every shell example of the docs that shows its output and
fails when the output differs (in the spirit of cram and doctest).

An example is a fenced block (``` or ```console, indented or not) whose
first non-blank line starts with "$ ".  Each "$ COMMAND" line (continued
on the next lines while it ends with a backslash) is run with sh; the
lines after it, up to the next "$ " line or the end of the block, are its
expected standard output and standard error, merged.  In expected lines:

  ...        a line that is only "..." stands for any number of lines
             (none included); "..." inside a line for any text in the line
  [N]        a last line "[N]" is the exit status expected (otherwise 0)

Trailing blanks are ignored.  Times and speeds that vary run to run are
written with "..." ("simulated in ... s").

A block of commands shown without output (a tour; "$ " prompts or bare)
is run too when the line just before its fence is <!-- doctest: run -->:
each line (continued while it ends with a backslash) must exit 0; its
output is not compared.
Write <!-- doctest: skip (why) --> there instead to keep an example with
output out (say why); skips are printed.  Other blocks (usage synopses,
XML, option lists) are not run.

Every command runs in a fresh scratch folder holding links to the
repository's top-level folders, so `bin/flowmc`, `models/...` and
`flowmc` (bin/ is on PATH) work as in the docs, and files an example
writes vanish with the folder; TZ=UTC, LC_ALL=C.  The binary is
$FLOWMC_BIN (default bin/flowmc).

usage: tests/doctest.py [-v] [FILE.md...]   (default: README.md docs/*.md
       simulations/README.md); exit 0 when every example matches.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FENCE = re.compile(r'^(\s*)(```+|~~~+)\s*([\w-]*)\s*$')
SKIP = re.compile(r'<!--\s*doctest:\s*skip\b(.*?)-->')
RUN = re.compile(r'<!--\s*doctest:\s*run\s*-->')
STATUS = re.compile(r'^\[(\d+)\]$')
TIMEOUT = 600
STDBUF = ['stdbuf', '-oL'] if shutil.which('stdbuf') else []


def examples(path):
    """Yields (line, [(cmd_line, command, expected_lines)], skip_reason)."""
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = m.group(1), m.group(2)
        skip = SKIP.search(lines[i - 1]) if i > 0 else None
        run = RUN.search(lines[i - 1]) if i > 0 else None
        start = i
        body = []
        i += 1
        while i < len(lines) and not (lines[i].strip().startswith(fence[:3])
                                      and lines[i].strip().strip(fence[0]) == ''):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        i += 1
        first = next((b for b in body if b.strip()), '')
        if run:
            cmds = []  # bare commands: each exits 0, any output
            k = 0
            while k < len(body):
                if body[k].strip():
                    at, cmd = start + 2 + k, body[k][2:] if body[k].startswith('$ ') else body[k]
                    while cmd.endswith('\\') and k + 1 < len(body):
                        k += 1
                        cmd = cmd + '\n' + body[k]
                    cmds.append((at, cmd, ['...']))
                k += 1
            yield start + 1, cmds, None
            continue
        if not first.startswith('$ '):
            continue
        cmds = []
        k = 0
        while k < len(body):
            if body[k].startswith('$ '):
                at = start + 2 + k
                cmd = body[k][2:]
                while cmd.endswith('\\') and k + 1 < len(body):
                    k += 1
                    cmd = cmd + '\n' + body[k]
                cmds.append((at, cmd, []))
            elif cmds:
                cmds[-1][2].append(body[k])
            k += 1
        for c in cmds:  # trailing blank lines belong to the layout
            while c[2] and c[2][-1] == '':
                c[2].pop()
        yield start + 1, cmds, (skip.group(1).strip() or 'no reason given') if skip else None


def line_matches(want, got):
    want, got = want.rstrip(), got.rstrip()  # editors strip trailing blanks
    if '...' not in want:
        return want == got
    parts = [re.escape(p) for p in want.split('...')]
    return re.fullmatch('.*?'.join(parts), got, re.S) is not None


def matches(want, got):
    """want may hold '...' lines (any number of lines)."""
    memo = {}

    def go(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(want):
            r = j == len(got)
        elif want[i].strip() == '...':
            r = any(go(i + 1, k) for k in range(j, len(got) + 1))
        else:
            r = j < len(got) and line_matches(want[i], got[j]) and go(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    sys.setrecursionlimit(max(10000, 4 * (len(want) + len(got))))
    return go(0, 0)


def scratch(binary):
    d = tempfile.mkdtemp(prefix='flowmc-doctest-')
    for name in os.listdir(TOP):
        if name.startswith('.') or name == 'bin':
            continue
        os.symlink(os.path.join(TOP, name), os.path.join(d, name))
    os.mkdir(os.path.join(d, 'bin'))
    os.symlink(os.path.abspath(binary), os.path.join(d, 'bin', 'flowmc'))
    return d


def main(argv):
    verbose = '-v' in argv
    files = [a for a in argv if a != '-v']
    os.chdir(TOP)
    if not files:
        files = ['README.md'] + sorted(glob.glob('docs/*.md')) + sorted(glob.glob('*/README.md'))
    binary = os.environ.get('FLOWMC_BIN', 'bin/flowmc')
    if not os.access(binary, os.X_OK):
        print('doctest: no binary %s (run make first)' % binary, file=sys.stderr)
        return 2
    env = dict(os.environ, TZ='UTC', LC_ALL='C')
    # examples run mpirun as a user would; CI runs as root on 2 cores
    env.update(OMPI_ALLOW_RUN_AS_ROOT='1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM='1',
               OMPI_MCA_rmaps_base_oversubscribe='1')
    # stdbuf preloads a library; sanitizer builds must accept it
    env['ASAN_OPTIONS'] = ':'.join(filter(None, [env.get('ASAN_OPTIONS'), 'verify_asan_link_order=0']))
    ran = failed = skipped = 0
    for path in files:
        for line, cmds, skip in examples(path):
            if skip:
                skipped += 1
                print('doctest: %s:%d: SKIPPED (%s)' % (path, line, skip))
                continue
            d = scratch(binary)
            env['PATH'] = os.path.join(d, 'bin') + os.pathsep + os.environ.get('PATH', '')
            try:
                for at, cmd, want in cmds:
                    ran += 1
                    status = 0
                    if want and STATUS.match(want[-1]):
                        status = int(STATUS.match(want[-1]).group(1))
                        want = want[:-1]
                    try:
                        # stdout line-buffered, as on a terminal, so that
                        # the merged streams interleave line by line
                        p = subprocess.run(STDBUF + ['sh', '-c', cmd], cwd=d, env=env, stdin=subprocess.DEVNULL,
                                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                           timeout=TIMEOUT)
                        out, rc = p.stdout.decode('utf-8', 'replace'), p.returncode
                    except subprocess.TimeoutExpired:
                        out, rc = '(timed out after %d s)\n' % TIMEOUT, -1
                    got = out.split('\n')
                    if got and got[-1] == '':
                        got.pop()
                    while got and got[-1] == '':
                        got.pop()
                    ok = rc == status and matches(want, got)
                    if verbose or not ok:
                        print('doctest: %s:%d: %s $ %s' % (path, at, 'ok' if ok else 'FAILED', cmd))
                    if not ok:
                        failed += 1
                        if rc != status:
                            print('  exit status %d, the example says %d' % (rc, status))
                        print('  expected:')
                        for w in want:
                            print('    | ' + w)
                        print('  got:')
                        for g in got:
                            print('    | ' + g)
            finally:
                shutil.rmtree(d, ignore_errors=True)
    print('doctest: %d commands run, %d failed, %d examples skipped' % (ran, failed, skipped))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
