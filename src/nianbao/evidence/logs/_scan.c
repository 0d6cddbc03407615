/* The native single-pass scanner of access logs: nianbao's fast path for formats built from segments.

   A format reaches this scanner as a "program": the sequence of pieces its regular expression is made of
   (see native_program.py), each a fixed shape such as a token [^ "]+, a quoted string, an Apache time or
   literal text. Each line is matched piece by piece, each piece taking the longest text it can, which is
   the first path Python's backtracking matcher tries: when every piece matches and the line ends exactly,
   the reference pattern matches with the same captures. Whenever this greedy walk fails, or anything is
   in doubt (a date it cannot prove real), the line is set aside whole and judged later by the reference
   parser in Python, so the scanner only ever has to be right about the lines it accepts.

   Accepted lines are classified by the rules (other year, method, status, static resource) and counted:
   lines that are not page-view candidates by (site, reason); candidates grouped by (site, date, user agent,
   client address, cookie) with a count. User agents and sites are interned; whether a user agent is a
   robot, and which site a host names, are decided in Python once per distinct value, and `resolve` then
   turns the groups into PV per day and UV (distinct visitors per site and day).

   Bytes are bytes: a log need not be UTF-8, and every byte above 0x7F is just a byte that is not a space,
   quote, backslash or digit, exactly as the reference's ASCII-only classes see it. Lines end at \n, \r\n
   or \r, and empty lines are dropped, as reference.split_lines does.

   The work on a file or a buffer runs without the GIL, so two scanners on two halves of a file use two
   cores; `merge` then adds one scanner's counts to another's. */

#define PY_SSIZE_T_CLEAN
#define _GNU_SOURCE /* memrchr */
#include <Python.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- program pieces and fields */

enum {
    OP_LIT = 0,       /* fixed text */
    OP_TOKEN = 1,     /* [^ "]+ */
    OP_TOKEN0 = 2,    /* [^ "]* */
    OP_WORD = 3,      /* [^ ]+ (IIS) */
    OP_QUOTED = 4,    /* (?:[^"\\]|\\[\s\S])* */
    OP_DIGITS3 = 5,   /* \d{3} */
    OP_SIZE = 6,      /* (?:\d+|-) */
    OP_APACHE = 7,    /* \d\d/Mon/\d{4}:hh:mm:ss [+-]\d{4} */
    OP_ISOTIME = 8,   /* \d{4}-\d\d-\d\dThh:mm:ss(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)? */
    OP_ISODATE = 9,   /* \d{4}-\d\d-\d\d */
    OP_CLOCK = 10,    /* hh:mm:ss */
    OP_ALPHA = 11,    /* [A-Za-z]+ */
    OP_REST = 12,     /* (?: .*)? at the end of a pattern: a space and anything after it, or nothing */
};

enum { F_NONE = -1, F_ADDR = 0, F_TIME, F_REQUEST, F_METHOD, F_TARGET, F_STATUS, F_UA, F_HOST, F_COOKIE, F_COUNT };

/* Reasons, in reference.REASONS order; a candidate is a page view unless its user agent is a robot. */
enum { R_MALFORMED = 0, R_OTHER_YEAR, R_METHOD, R_STATUS, R_STATIC, R_ROBOT, R_PAGE, R_COUNT };
#define R_CANDIDATE R_PAGE

typedef struct {
    int op;
    int field;
    char *text; /* OP_LIT */
    Py_ssize_t len;
} Piece;

/* ---------------------------------------------------------------- hashing and a bytes-keyed table */

static inline uint64_t load64(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t mix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_bytes(const unsigned char *p, size_t n) {
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0x100000001b3ULL);
    while (n >= 8) {
        h = (h ^ load64(p)) * 0x87c37b91114253d5ULL;
        h = (h << 31) | (h >> 33);
        p += 8;
        n -= 8;
    }
    uint64_t last = 0;
    memcpy(&last, p, n);
    h = (h ^ last) * 0x4cf5ad432745937fULL;
    return mix64(h);
}

/* Entries live in an arena: [uint32 key length][key bytes][pad to 8][uint64 value]. Each slot of the table
   holds an entry's hash and its offset + 1 (0: empty), side by side so that a probe touches one cache line;
   values are counts, or ids for interning tables. */
typedef struct {
    uint64_t hash;
    uint64_t at;
} Slot;

typedef struct {
    unsigned char *arena;
    size_t used, cap;
    Slot *slots;
    size_t mask; /* capacity - 1 (a power of two) */
    size_t count;
} Table;

static size_t entry_size(size_t keylen) { return ((4 + keylen + 7) & ~(size_t)7) + 8; }
static inline uint64_t *entry_value(unsigned char *entry, uint32_t keylen) {
    return (uint64_t *)(entry + ((4 + keylen + 7) & ~(size_t)7));
}

static int table_init(Table *t, size_t capacity) {
    memset(t, 0, sizeof *t);
    t->slots = calloc(capacity, sizeof(Slot));
    t->cap = 1 << 16;
    t->arena = malloc(t->cap);
    if (!t->slots || !t->arena) return -1;
    t->mask = capacity - 1;
    return 0;
}

static void table_free(Table *t) {
    free(t->arena);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static int table_grow(Table *t) {
    size_t capacity = (t->mask + 1) * 2;
    Slot *slots = calloc(capacity, sizeof(Slot));
    if (!slots) return -1;
    for (size_t i = 0; i <= t->mask; i++) {
        if (!t->slots[i].at) continue;
        size_t j = t->slots[i].hash & (capacity - 1);
        while (slots[j].at) j = (j + 1) & (capacity - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->mask = capacity - 1;
    return 0;
}

/* The entry of `key` with hash h, or NULL; *slot is where the probe stopped (an empty slot when absent). */
static unsigned char *table_probe(const Table *t, const unsigned char *key, size_t keylen, uint64_t h, size_t *slot) {
    size_t i = h & t->mask;
    while (t->slots[i].at) {
        if (t->slots[i].hash == h) {
            unsigned char *entry = t->arena + t->slots[i].at - 1;
            uint32_t len;
            memcpy(&len, entry, 4);
            if (len == keylen && memcmp(entry + 4, key, keylen) == 0) {
                *slot = i;
                return entry;
            }
        }
        i = (i + 1) & t->mask;
    }
    *slot = i;
    return NULL;
}

/* The entry of `key`, or NULL. */
static unsigned char *table_find(const Table *t, const unsigned char *key, size_t keylen) {
    size_t slot;
    return table_probe(t, key, keylen, hash_bytes(key, keylen), &slot);
}

/* Return the entry of `key`, adding it with value `initial` when absent (*added tells which); NULL when
   out of memory. */
static unsigned char *table_get(Table *t, const unsigned char *key, size_t keylen, uint64_t initial, int *added) {
    uint64_t h = hash_bytes(key, keylen);
    size_t i;
    unsigned char *found = table_probe(t, key, keylen, h, &i);
    if (found) {
        *added = 0;
        return found;
    }
    size_t need = entry_size(keylen);
    if (t->used + need > t->cap) {
        size_t cap = t->cap;
        while (t->used + need > cap) cap *= 2;
        unsigned char *arena = realloc(t->arena, cap);
        if (!arena) return NULL;
        t->arena = arena;
        t->cap = cap;
    }
    unsigned char *entry = t->arena + t->used;
    uint32_t len32 = (uint32_t)keylen;
    memcpy(entry, &len32, 4);
    memcpy(entry + 4, key, keylen);
    *entry_value(entry, len32) = initial;
    t->slots[i].at = t->used + 1;
    t->slots[i].hash = h;
    t->used += need;
    t->count++;
    *added = 1;
    if (t->count * 4 > (t->mask + 1) * 3 && table_grow(t) < 0) return NULL;
    return t->arena + (t->used - need);
}

/* Add `count` to the value of `key` (a count), adding the key when absent. 1: added, 0: there, -1: out of
   memory. */
static int table_add(Table *t, const unsigned char *key, size_t keylen, uint64_t count) {
    int added;
    unsigned char *entry = table_get(t, key, keylen, 0, &added);
    if (!entry) return -1;
    *entry_value(entry, (uint32_t)keylen) += count;
    return added;
}

/* Iterate entries in insertion order: `*pos` starts at 0. */
static unsigned char *table_next(Table *t, size_t *pos, uint32_t *keylen) {
    if (*pos >= t->used) return NULL;
    unsigned char *entry = t->arena + *pos;
    memcpy(keylen, entry, 4);
    *pos += entry_size(*keylen);
    return entry;
}

/* An interning table: distinct byte strings get ids 0, 1, 2 ... in order of first sight. */
typedef struct {
    Table table;
    size_t *offsets; /* id -> entry offset */
    size_t n, cap;
} Intern;

static int intern_init(Intern *in) {
    in->n = 0;
    in->cap = 256;
    in->offsets = malloc(in->cap * sizeof(size_t));
    if (!in->offsets) return -1;
    return table_init(&in->table, 1024);
}

static void intern_free(Intern *in) {
    table_free(&in->table);
    free(in->offsets);
    in->offsets = NULL;
}

static int64_t intern_id(Intern *in, const unsigned char *p, size_t n) {
    int added;
    unsigned char *entry = table_get(&in->table, p, n, in->n, &added);
    if (!entry) return -1;
    if (added) {
        if (in->n == in->cap) {
            size_t *offsets = realloc(in->offsets, in->cap * 2 * sizeof(size_t));
            if (!offsets) return -1;
            in->offsets = offsets;
            in->cap *= 2;
        }
        in->offsets[in->n] = (size_t)(entry - in->table.arena);
        in->n++;
    }
    return (int64_t)*entry_value(entry, (uint32_t)n);
}

static const unsigned char *intern_text(Intern *in, size_t id, uint32_t *len) {
    const unsigned char *entry = in->table.arena + in->offsets[id];
    memcpy(len, entry, 4);
    return entry + 4;
}

/* ---------------------------------------------------------------- the scanner */

typedef struct {
    PyObject_HEAD
    Piece *pieces;
    int npieces;
    /* rules */
    char **methods;
    Py_ssize_t *method_lens;
    int nmethods;
    char **exts; /* page extensions, ASCII-lower-cased */
    Py_ssize_t *ext_lens;
    int nexts;
    unsigned char status_counts[1000]; /* by three-digit status: 2xx and the rules' extra statuses */
    int year;
    int by_site;
    int cookie_wanted; /* the rules name a visitor cookie */
    int cookie;        /* ... and the current format records it */
    char comment[8];  /* lines starting with this are directives (IIS "#") */
    Py_ssize_t comment_len;
    int has_request;  /* "request" field (else method + target) */
    int has_ua;
    int json;      /* JSON lines (use_json) rather than a program of pieces */
    Table json_keys;                     /* the keys the reference looks at -> index */
    int json_nkeys;
    int json_field_keys[F_COUNT][8];     /* per field, its candidate keys' indices in order (-1 ends) */
    int json_cookie_key;                 /* the visitor cookie's key index, or -1 */
    int json_by_len[64][4];              /* key indices by key length (-1 ends): a cheaper lookup */
    unsigned char json_key_text[64][64]; /* each key's text (keys longer than 63 bytes are never found) */
    struct { const unsigned char *start; size_t len; int type; uint64_t stamp; } json_values[64];
    uint64_t json_stamp;                 /* the line number the values above belong to */
    unsigned char *json_scratch;         /* decoded strings of the current line */
    size_t json_scratch_cap, json_scratch_used;
    int day_len; /* the day is the time's first 11 (Apache) or 10 (ISO, IIS date) characters */
    unsigned char last_day[16]; /* the last real day seen (as logged) and its date: a cache */
    uint32_t last_date;
    /* state */
    Intern uas;   /* id 0: the format records no user agent */
    int64_t last_ua; /* the last candidate's user agent id (0: none yet): a cache */
    int64_t last_site; /* the last line's site id (0, "", at first): a cache */
    Intern sites; /* id 0: no site ("") */
    Table groups; /* candidates: key site(4) date(4) ua(4) addrlen(4) addr cookie -> count */
    Table suspects; /* line text -> count */
    uint64_t (*reasons)[R_COUNT]; /* by site id */
    size_t reasons_cap;
    unsigned char *key; /* scratch for a group key */
    size_t key_cap;
    unsigned char *carry; /* a line cut between two fed buffers */
    size_t carry_len, carry_cap;
    int64_t lines;
    size_t suspect_limit; /* bytes of lines set aside before a scan_file pauses (feed never pauses) */
    int examples_left;    /* surely malformed lines still to pass to the reference (see add_malformed) */
    /* Spilling: past spill_bytes of groups in memory, the groups go to files partitioned by date (see
       spill_groups), so a province's platform log is counted in bounded memory. */
    char *spill_dir;
    size_t spill_bytes; /* 0: never */
    unsigned long uid;  /* names this scanner's partition files */
    FILE *spill_files[64];
    int spilled;
    int io_errno; /* a failed write or read of a partition file (failed == 2) */
    int failed; /* out of memory inside the GIL-free loop */
} Scanner;

typedef struct {
    const unsigned char *start[F_COUNT];
    size_t len[F_COUNT];
} Fields;

static inline int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

static int num(const unsigned char *p, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(p[i])) return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* The date (yyyymmdd) of "10/Oct/2020" or "2020-10-10", or 0 when it is not a real date. */
static uint32_t date_of(const unsigned char *p, size_t n) {
    static const char *months = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int y, m = 0, d;
    if (n == 11 && p[2] == '/' && p[6] == '/') {
        d = num(p, 2);
        y = num(p + 7, 4);
        for (int i = 0; i < 12; i++)
            if (memcmp(p + 3, months + 3 * i, 3) == 0) m = i + 1;
    } else if (n == 10 && p[4] == '-' && p[7] == '-') {
        y = num(p, 4);
        m = num(p + 5, 2);
        d = num(p + 8, 2);
    } else {
        return 0;
    }
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return 0;
    return (uint32_t)(y * 10000 + m * 100 + d);
}

static inline int clock_at(const unsigned char *p) {
    return (((p[0] == '0' || p[0] == '1') && is_digit(p[1])) || (p[0] == '2' && p[1] >= '0' && p[1] <= '3')) &&
           p[2] == ':' && p[3] >= '0' && p[3] <= '5' && is_digit(p[4]) && p[5] == ':' && p[6] >= '0' &&
           p[6] <= '5' && is_digit(p[7]);
}

static inline int iso_date_at(const unsigned char *p) {
    return is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && p[4] == '-' &&
           is_digit(p[5]) && is_digit(p[6]) && p[7] == '-' && is_digit(p[8]) && is_digit(p[9]);
}

/* Where a quoted string starting at p ends: its first double quote not escaped by a backslash (a run of
   backslashes before it of odd length), or `end`. */
static const unsigned char *quoted_end(const unsigned char *p, const unsigned char *end) {
    const unsigned char *q = p;
    for (;;) {
        q = memchr(q, '"', (size_t)(end - q));
        if (!q) return end;
        const unsigned char *b = q;
        while (b > p && b[-1] == '\\') b--;
        if (((q - b) & 1) == 0) return q;
        q++;
    }
}

/* The ends a piece can reach from p, in the order Python's backtracking matcher tries them (longest
   first: every quantifier here is greedy). With `first_only`, only the first (the greedy walk, which is
   all a well-formed line needs). Returns how many were written to `ends`; a piece with more possible
   ends than MAX_ENDS gives its longest ones and sets *truncated, and the line is then set aside. */
#define MAX_ENDS 64
#define MAX_FRACTIONS 16
static int piece_ends(const Piece *piece, const unsigned char *p, const unsigned char *end, const unsigned char **ends,
                      int first_only, int *truncated) {
    const unsigned char *q = p;
    size_t left = (size_t)(end - p);
    int n = 0;
    int cap = first_only ? 1 : MAX_ENDS;
    *truncated = 0;
    switch (piece->op) {
    case OP_LIT:
        if (left < (size_t)piece->len || memcmp(p, piece->text, (size_t)piece->len) != 0) return 0;
        ends[0] = p + piece->len;
        return 1;
    case OP_TOKEN:
    case OP_TOKEN0:
    case OP_WORD:
    case OP_ALPHA: {
        if (piece->op == OP_WORD) {
            const unsigned char *sp = memchr(p, ' ', left);
            q = sp ? sp : end;
        } else if (piece->op == OP_ALPHA) {
            while (q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'))) q++;
        } else {
            while (q < end && *q != ' ' && *q != '"') q++;
        }
        const unsigned char *least = piece->op == OP_TOKEN0 ? p : p + 1;
        for (; q >= least && n < cap; q--) ends[n++] = q;
        *truncated = !first_only && q >= least;
        return n;
    }
    case OP_QUOTED: {
        /* Each repetition takes one character other than a quote or backslash, or a backslash and the
           character after it; the ends are the boundaries between repetitions. The longest reaches the
           first unescaped quote; without one, the walk below finds it (a lone backslash at the end of
           the line cannot be taken). */
        const unsigned char *last = quoted_end(p, end);
        if (first_only && last < end) {
            ends[0] = last;
            return 1;
        }
        const unsigned char *ring[MAX_ENDS];
        size_t count = 0;
        const unsigned char *c = p;
        ring[count++ % MAX_ENDS] = c;
        while (c < last) {
            if (*c == '\\') {
                if (c + 1 >= end) break;
                c += 2;
            } else {
                c += 1;
            }
            ring[count++ % MAX_ENDS] = c;
        }
        size_t kept = count < (size_t)cap ? count : (size_t)cap;
        for (size_t k = 0; k < kept; k++) ends[n++] = ring[(count - 1 - k) % MAX_ENDS];
        *truncated = !first_only && count > MAX_ENDS;
        return n;
    }
    case OP_DIGITS3:
        if (left < 3 || !is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2])) return 0;
        ends[0] = p + 3;
        return 1;
    case OP_SIZE:
        /* (?:\d+|-): the digits, most first; then a dash */
        while (q < end && is_digit(*q)) q++;
        for (; q > p && n < cap; q--) ends[n++] = q;
        *truncated = !first_only && q > p;
        if (left && *p == '-' && n < cap) ends[n++] = p + 1;
        return n;
    case OP_APACHE:
        /* 10/Oct/2020:13:55:36 +0800 */
        if (left < 26 || !is_digit(p[0]) || !is_digit(p[1]) || p[2] != '/' || !(p[3] >= 'A' && p[3] <= 'Z') ||
            !(p[4] >= 'a' && p[4] <= 'z') || !(p[5] >= 'a' && p[5] <= 'z') || p[6] != '/' || num(p + 7, 4) < 0 ||
            p[11] != ':' || !clock_at(p + 12) || p[20] != ' ' || (p[21] != '+' && p[21] != '-') || num(p + 22, 4) < 0)
            return 0;
        ends[0] = p + 26;
        return 1;
    case OP_ISOTIME: {
        if (left < 19 || !iso_date_at(p) || p[10] != 'T' || !clock_at(p + 11)) return 0;
        /* (?:\.\d+)? then (?:Z|[+-]\d\d:?\d\d)?: for each fraction (most digits first, then none), the
           zone as Z, +hh:mm or +hhmm, then no zone. */
        const unsigned char *fractions[MAX_FRACTIONS + 1];
        int nf = 0;
        q = p + 19;
        if (q + 1 < end && *q == '.' && is_digit(q[1])) {
            const unsigned char *d = q + 1;
            while (d < end && is_digit(*d)) d++;
            for (; d > q + 1 && nf < MAX_FRACTIONS; d--) fractions[nf++] = d;
            *truncated = !first_only && d > q + 1;
        }
        fractions[nf++] = q;
        for (int i = 0; i < nf && n < cap; i++) {
            const unsigned char *z = fractions[i];
            if (z < end && *z == 'Z') {
                ends[n++] = z + 1;
            } else if (z < end && (*z == '+' || *z == '-') && end - z >= 3 && is_digit(z[1]) && is_digit(z[2])) {
                if (end - z >= 6 && z[3] == ':' && is_digit(z[4]) && is_digit(z[5])) ends[n++] = z + 6;
                if (n < cap && end - z >= 5 && is_digit(z[3]) && is_digit(z[4])) ends[n++] = z + 5;
            }
            if (n < cap) ends[n++] = z;
        }
        return n;
    }
    case OP_ISODATE:
        if (left < 10 || !iso_date_at(p)) return 0;
        ends[0] = p + 10;
        return 1;
    case OP_CLOCK:
        if (left < 8 || !clock_at(p)) return 0;
        ends[0] = p + 8;
        return 1;
    case OP_REST:
        /* Always the last piece (native_program.py sees to it), where only the end of the line can
           finish a match: the whole rest when it starts with a space, then nothing. */
        if (left && *p == ' ') ends[n++] = end;
        if (n < cap) ends[n++] = p;
        return n;
    default:
        return 0;
    }
}

typedef struct {
    const unsigned char *line, *end;
    int budget;
    int kind; /* LINE_ASCII, LINE_UTF8 or LINE_OTHER; -1: not yet known */
} Search;

enum { LINE_ASCII = 0, LINE_UTF8 = 1, LINE_OTHER = 2 };

/* Whether [p, end) is UTF-8 as Python's strict decoder takes it (no overlong forms, no surrogates, nothing
   above U+10FFFF). */
static int valid_utf8(const unsigned char *p, const unsigned char *end) {
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        int need;
        unsigned char lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return 0;
        }
        if (end - p <= need || p[1] < lo || p[1] > hi) return 0;
        for (int k = 2; k <= need; k++)
            if ((p[k] & 0xC0) != 0x80) return 0;
        p += need + 1;
    }
    return 1;
}

/* What a search may assume of a line it has to go back into: in ASCII every byte is a character; in
   UTF-8 a character starts at every byte that is not a continuation byte (0x80-0xBF); in anything else
   (bytes Python would keep as lone surrogates) the scanner does not decide. */
static int line_kind(Search *search) {
    if (search->kind < 0) {
        search->kind = LINE_ASCII;
        for (const unsigned char *c = search->line; c < search->end; c++)
            if (*c & 0x80) {
                search->kind = valid_utf8(search->line, search->end) ? LINE_UTF8 : LINE_OTHER;
                break;
            }
    }
    return search->kind;
}

/* Whether a search may end a piece at q: at a character boundary as Python sees the line. */
static inline int at_boundary(const Search *search, const unsigned char *q) {
    return search->kind == LINE_ASCII || q == search->end || (*q & 0xC0) != 0x80;
}

static int match_from(Scanner *s, int i, const unsigned char *p, Fields *f, Search *search);

/* Go on from the end q of piece i (which started at p); on a match, record the piece's field. A next piece
   of fixed text that cannot start at q is passed over at once, without spending the budget. */
static inline int try_end(Scanner *s, int i, const unsigned char *p, const unsigned char *q, Fields *f,
                          Search *search) {
    if (i + 1 == s->npieces) {
        if (q != search->end) return 0;
    } else {
        const Piece *next = &s->pieces[i + 1];
        if (next->op == OP_LIT && next->len &&
            (search->end - q < next->len || *q != (unsigned char)next->text[0]))
            return 0;
    }
    int r = match_from(s, i + 1, q, f, search);
    const Piece *piece = &s->pieces[i];
    if (r == 1 && piece->field >= 0) {
        f->start[piece->field] = p;
        f->len[piece->field] = (size_t)(q - p);
    }
    return r;
}

/* Match pieces i.. against [p, end), trying each piece's ends in Python's order (a depth-first search).
   Returns 1 on a match (fields filled from the first match found, as Python's), 0 when there is none,
   -1 when unsure: the search ran out of budget, a piece had more ends than it keeps, or it would have to
   go back into a line that is not UTF-8, where a byte position need not be a character boundary for
   Python. An unsure line is set aside for the reference parser, never judged here. */
static int match_from(Scanner *s, int i, const unsigned char *p, Fields *f, Search *search) {
    if (i == s->npieces) return p == search->end;
    if (--search->budget < 0) return -1;
    const Piece *piece = &s->pieces[i];
    const unsigned char *ends[MAX_ENDS];
    int truncated;
    int n = piece_ends(piece, p, search->end, ends, 1, &truncated);
    if (n == 0) return 0;
    int r = try_end(s, i, p, ends[0], f, search); /* the greedy walk: all a well-formed line needs */
    if (r != 0) return r;
    switch (piece->op) {
    case OP_LIT:
    case OP_DIGITS3:
    case OP_APACHE:
    case OP_ISODATE:
    case OP_CLOCK:
        return 0; /* one end only */
    case OP_TOKEN:
    case OP_TOKEN0:
    case OP_WORD:
    case OP_ALPHA: {
        if (line_kind(search) == LINE_OTHER) return -1;
        const unsigned char *least = piece->op == OP_TOKEN0 ? p : p + 1;
        for (const unsigned char *q = ends[0] - 1; q >= least; q--) {
            if (!at_boundary(search, q)) continue;
            r = try_end(s, i, p, q, f, search);
            if (r != 0) return r;
        }
        return 0;
    }
    default:
        if (piece->op == OP_QUOTED && i + 1 < s->npieces && s->pieces[i + 1].op == OP_LIT &&
            s->pieces[i + 1].len && s->pieces[i + 1].text[0] == '"')
            /* Before its first unescaped quote a quoted string holds no quote that could end it (an escaped
               quote is the second half of a pair, never a boundary): no shorter end can be followed by the
               closing quote. So a line cut short inside a string is surely malformed, however long. */
            return 0;
        if (line_kind(search) == LINE_OTHER) return -1;
        n = piece_ends(piece, p, search->end, ends, 0, &truncated);
        for (int k = 1; k < n; k++) {
            if (!at_boundary(search, ends[k])) continue;
            r = try_end(s, i, p, ends[k], f, search);
            if (r != 0) return r;
        }
        return truncated ? -1 : 0;
    }
}

/* The first path of the search, walked without recursion: each piece takes its first (greedy) end. It is
   all a well-formed line needs, and being the search's first path, a match here is the search's match. */
static int match_greedy(Scanner *s, const unsigned char *p, const unsigned char *end, Fields *f) {
    const unsigned char *ends[MAX_ENDS];
    int truncated;
    for (int i = 0; i < s->npieces; i++) {
        const Piece *piece = &s->pieces[i];
        if (piece->op == OP_LIT) { /* the commonest piece (one to three characters), inline */
            if (end - p < piece->len) return 0;
            for (Py_ssize_t k = 0; k < piece->len; k++)
                if (p[k] != (unsigned char)piece->text[k]) return 0;
            p += piece->len;
            continue;
        }
        if (!piece_ends(piece, p, end, ends, 1, &truncated)) return 0;
        if (piece->field >= 0) {
            f->start[piece->field] = p;
            f->len[piece->field] = (size_t)(ends[0] - p);
        }
        p = ends[0];
    }
    return p == end;
}

/* Match a line against the program; fill the fields. Return 1 when the line matches, 0 when it surely
   does not (the search tried every way the reference pattern could match it), -1 when unsure. */
#define MATCH_BUDGET 5000
static int match_line(Scanner *s, const unsigned char *p, const unsigned char *end, Fields *f) {
    if (match_greedy(s, p, end, f)) return 1;
    Search search = {p, end, MATCH_BUDGET, -1};
    return match_from(s, 0, p, f, &search);
}


static int grow_reasons(Scanner *s, size_t site) {
    if (site < s->reasons_cap) return 0;
    size_t cap = s->reasons_cap ? s->reasons_cap : 16;
    while (cap <= site) cap *= 2;
    void *r = realloc(s->reasons, cap * sizeof *s->reasons);
    if (!r) return -1;
    s->reasons = r;
    memset(s->reasons + s->reasons_cap, 0, (cap - s->reasons_cap) * sizeof *s->reasons);
    s->reasons_cap = cap;
    return 0;
}

static int add_suspect(Scanner *s, const unsigned char *p, size_t n, uint64_t count) {
    return table_add(&s->suspects, p, n, count) < 0 ? -1 : 0;
}

/* A line that is surely malformed: the first few go to the reference (which confirms it and keeps them
   as the examples the result shows); the rest are counted here, so a log full of scanners' noise does
   not go through Python line by line. */
static int add_malformed(Scanner *s, const unsigned char *p, size_t n) {
    if (s->examples_left > 0) {
        s->examples_left--;
        return add_suspect(s, p, n, 1);
    }
    s->reasons[0][R_MALFORMED]++;
    return 0;
}

/* ---------------------------------------------------------------- spilling groups to disk */

#define SPILL_PARTS 64 /* partitions by date: a day's groups, and so its visitors, are in one partition */

static void spill_path(const Scanner *s, int part, char *out, size_t cap) {
    snprintf(out, cap, "%s/groups-%lu-%02d.bin", s->spill_dir, s->uid, part);
}

static size_t table_bytes(const Table *t) { return t->cap + (t->mask + 1) * sizeof(Slot); }

/* Write every group in memory to its partition file ([uint32 key length][key][uint64 count]) and empty
   the table. */
static int spill_groups(Scanner *s) {
    size_t pos = 0;
    uint32_t len;
    unsigned char *entry;
    while ((entry = table_next(&s->groups, &pos, &len))) {
        uint32_t date;
        memcpy(&date, entry + 4 + 4, 4);
        int part = (int)(date % SPILL_PARTS);
        if (!s->spill_files[part]) {
            char path[4096];
            spill_path(s, part, path, sizeof path);
            s->spill_files[part] = fopen(path, "wb");
            if (!s->spill_files[part]) {
                s->io_errno = errno;
                return -2;
            }
            setvbuf(s->spill_files[part], NULL, _IOFBF, 1 << 16);
        }
        FILE *f = s->spill_files[part];
        uint64_t count = *entry_value(entry, len);
        if (fwrite(&len, 4, 1, f) != 1 || fwrite(entry + 4, len, 1, f) != 1 || fwrite(&count, 8, 1, f) != 1) {
            s->io_errno = errno ? errno : EIO;
            return -2;
        }
    }
    table_free(&s->groups);
    if (table_init(&s->groups, 1 << 16) < 0) return -1;
    s->spilled = 1;
    return 0;
}

/* Read one partition file of a scanner, calling add(ctx, key, len, count) for each group. */
static int read_partition(Scanner *s, int part, int (*add)(void *, const unsigned char *, uint32_t, uint64_t),
                          void *ctx) {
    if (!s->spill_files[part]) return 0;
    if (fflush(s->spill_files[part]) != 0) {
        s->io_errno = errno;
        return -2;
    }
    char path[4096];
    spill_path(s, part, path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        s->io_errno = errno;
        return -2;
    }
    unsigned char *key = NULL;
    size_t cap = 0;
    int err = 0;
    uint32_t len;
    while (!err && fread(&len, 4, 1, f) == 1) {
        if (len > cap) {
            unsigned char *k = realloc(key, len);
            if (!k) {
                err = -1;
                break;
            }
            key = k;
            cap = len;
        }
        uint64_t count;
        if (fread(key, len, 1, f) != 1 || fread(&count, 8, 1, f) != 1) {
            s->io_errno = EIO;
            err = -2;
            break;
        }
        err = add(ctx, key, len, count);
    }
    if (!err && ferror(f)) {
        s->io_errno = EIO;
        err = -2;
    }
    free(key);
    fclose(f);
    return err;
}

static void close_spill_files(Scanner *s) {
    for (int part = 0; part < SPILL_PARTS; part++) {
        if (!s->spill_files[part]) continue;
        fclose(s->spill_files[part]);
        s->spill_files[part] = NULL;
        char path[4096];
        spill_path(s, part, path, sizeof path);
        unlink(path);
    }
}

/* Count `count` lines of a site, day and reason; candidates by visitor. */
static int add_counted(Scanner *s, int64_t site, uint32_t date, int reason, const unsigned char *addr, size_t addr_len,
                       int64_t ua, const unsigned char *cookie, size_t cookie_len, uint64_t count) {
    if (reason != R_MALFORMED && (int)(date / 10000) != s->year) reason = R_OTHER_YEAR;
    if (reason != R_CANDIDATE) {
        if (grow_reasons(s, (size_t)site) < 0) return -1;
        s->reasons[site][reason] += count;
        return 0;
    }
    size_t need = 16 + addr_len + cookie_len;
    if (need > s->key_cap) {
        size_t cap = s->key_cap * 2 > need ? s->key_cap * 2 : need;
        unsigned char *key = realloc(s->key, cap);
        if (!key) return -1;
        s->key = key;
        s->key_cap = cap;
    }
    uint32_t head[4] = {(uint32_t)site, date, (uint32_t)ua, (uint32_t)addr_len};
    memcpy(s->key, head, 16);
    memcpy(s->key + 16, addr, addr_len);
    if (cookie_len) memcpy(s->key + 16 + addr_len, cookie, cookie_len);
    int added = table_add(&s->groups, s->key, need, count);
    if (added < 0) return -1;
    if (added && s->spill_bytes && table_bytes(&s->groups) > s->spill_bytes) return spill_groups(s);
    return 0;
}

static int in_list(const unsigned char *p, size_t n, char **list, Py_ssize_t *lens, int count, int lower) {
    for (int i = 0; i < count; i++) {
        if ((size_t)lens[i] != n) continue;
        const unsigned char *w = (const unsigned char *)list[i];
        size_t k = 0;
        for (; k < n; k++) {
            unsigned char c = p[k];
            if (lower && c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
            if (c != w[k]) break;
        }
        if (k == n) return 1;
    }
    return 0;
}

/* LogRules.is_page: the path before any "?"; its last /-segment has no dot, or a page extension. */
static int is_page(Scanner *s, const unsigned char *t, size_t n) {
    const unsigned char *q = memchr(t, '?', n);
    const unsigned char *end = q ? q : t + n;
    const unsigned char *slash = memrchr(t, '/', (size_t)(end - t));
    const unsigned char *last = slash ? slash + 1 : t;
    const unsigned char *dot = memrchr(last, '.', (size_t)(end - last));
    if (!dot) return 1;
    return in_list(dot + 1, (size_t)(end - dot - 1), s->exts, s->ext_lens, s->nexts, 1);
}

/* ---------------------------------------------------------------- JSON lines

   reference.parse_json_line reads a line with json.loads (a key given twice keeps its first value) and
   takes each field from the first of its candidate keys whose value is a string or an integer. Here a
   line is read only when it is a flat object whose values are strings, integers, true, false or null, in
   the whitespace JSON allows: strings with escapes are checked (an invalid escape makes invalid JSON) and
   used only when they are values of no key the reference looks at; raw control characters, nesting,
   fractions and exponents, -0, long integers and anything else make the line unsure, and the reference
   reads it. */

enum { JV_ABSENT = 0, JV_STRING, JV_INT, JV_OTHER };

static inline const unsigned char *json_ws(const unsigned char *p, const unsigned char *end) {
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    return p;
}

static inline int is_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A string starting after its opening quote: returns its closing quote, or NULL when unsure (a raw
   control character, an invalid escape, no end). *escaped: whether it holds an escape. */
/* Whether any of the 8 bytes of x is a quote, a backslash or below 0x20 (the classic bit tricks: a byte
   that is zero after xor, or below n after subtraction, sets its high bit). */
static inline int json_stop_in(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
    uint64_t found = ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | ((x - ones * 0x20) & ~x);
    return (found & highs) != 0;
}

static const unsigned char *json_string(const unsigned char *p, const unsigned char *end, int *escaped) {
    *escaped = 0;
    while (p < end) {
        const unsigned char *q = p;
        while (end - q >= 8 && !json_stop_in(load64(q))) q += 8; /* eight plain bytes at a time */
        while (q < end && *q != '"' && *q != '\\' && *q >= 0x20) q++;
        if (q >= end || *q < 0x20) return NULL;
        if (*q == '"') return q;
        /* a backslash: one of \" \\ \/ \b \f \n \r \t, or \u and four hex digits */
        *escaped = 1;
        if (q + 1 >= end) return NULL;
        unsigned char e = q[1];
        if (e == 'u') {
            if (end - q < 6 || !is_hex(q[2]) || !is_hex(q[3]) || !is_hex(q[4]) || !is_hex(q[5])) return NULL;
            p = q + 6;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
            p = q + 2;
        } else {
            return NULL;
        }
    }
    return NULL;
}

/* A JSON number at p (the grammar of json.loads: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?): its end, or NULL
   when it is not one. *is_float: it has a fraction or an exponent. */
static const unsigned char *json_number(const unsigned char *p, const unsigned char *end, int *is_float) {
    const unsigned char *q = p + (p < end && *p == '-');
    *is_float = 0;
    if (q >= end || !is_digit(*q)) return NULL;
    if (*q == '0') {
        q++;
        if (q < end && is_digit(*q)) return NULL; /* a leading zero */
    } else {
        while (q < end && is_digit(*q)) q++;
    }
    if (q < end && *q == '.') {
        q++;
        if (q >= end || !is_digit(*q)) return NULL;
        while (q < end && is_digit(*q)) q++;
        *is_float = 1;
    }
    const unsigned char *int_end = q;
    if (q < end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < end && (*q == '+' || *q == '-')) q++;
        if (q >= end || !is_digit(*q)) return NULL;
        while (q < end && is_digit(*q)) q++;
        *is_float = 1;
    }
    /* Python refuses to convert an integer of more than 4,300 digits (a ValueError, so the line is not
       JSON to the reference): leave such a line to it. */
    if (!*is_float && int_end - p > 4000) return NULL;
    return q;
}

/* Skip one JSON value (string, number, true, false, null, object or array) checked as json.loads checks
   it; return its end, or NULL when it is not valid JSON, is NaN or Infinity (which json.loads takes), or
   nests deeper than the scanner follows. */
#define JSON_DEPTH 32
static const unsigned char *json_skip_value(const unsigned char *p, const unsigned char *end, int depth) {
    if (p >= end || depth > JSON_DEPTH) return NULL;
    int flag;
    switch (*p) {
    case '"': {
        const unsigned char *q = json_string(p + 1, end, &flag);
        return q ? q + 1 : NULL;
    }
    case 't':
        return end - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f':
        return end - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n':
        return end - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : NULL;
    case '{':
    case '[': {
        unsigned char close = *p == '{' ? '}' : ']';
        p = json_ws(p + 1, end);
        if (p < end && *p == close) return p + 1;
        for (;;) {
            if (close == '}') {
                if (p >= end || *p != '"') return NULL;
                const unsigned char *q = json_string(p + 1, end, &flag);
                if (!q) return NULL;
                p = json_ws(q + 1, end);
                if (p >= end || *p != ':') return NULL;
                p = json_ws(p + 1, end);
            }
            p = json_skip_value(p, end, depth + 1);
            if (!p) return NULL;
            p = json_ws(p, end);
            if (p < end && *p == ',') {
                p = json_ws(p + 1, end);
                continue;
            }
            return p < end && *p == close ? p + 1 : NULL;
        }
    }
    default:
        return (*p == '-' || is_digit(*p)) ? json_number(p, end, &flag) : NULL;
    }
}

/* Decode a JSON string's text (already checked by json_string) into out, as UTF-8; return its length,
   or (size_t)-1 for a \u escape of a lone surrogate, which Python keeps but UTF-8 cannot hold. */
static int hex_value(unsigned char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static size_t json_unescape(const unsigned char *p, const unsigned char *end, unsigned char *out) {
    unsigned char *o = out;
    while (p < end) {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        unsigned char e = p[1];
        p += 2;
        switch (e) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            uint32_t cp = (uint32_t)(hex_value(p[0]) << 12 | hex_value(p[1]) << 8 | hex_value(p[2]) << 4 | hex_value(p[3]));
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                uint32_t low = (uint32_t)(hex_value(p[2]) << 12 | hex_value(p[3]) << 8 | hex_value(p[4]) << 4 |
                                          hex_value(p[5]));
                if (low >= 0xDC00 && low <= 0xDFFF) { /* a surrogate pair: one character */
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) return (size_t)-1;
            if (cp < 0x80) {
                *o++ = (unsigned char)cp;
            } else if (cp < 0x800) {
                *o++ = (unsigned char)(0xC0 | cp >> 6);
                *o++ = (unsigned char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                *o++ = (unsigned char)(0xE0 | cp >> 12);
                *o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
                *o++ = (unsigned char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (unsigned char)(0xF0 | cp >> 18);
                *o++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
                *o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
                *o++ = (unsigned char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: *o++ = e; break; /* \" \\ \/ */
        }
    }
    return (size_t)(o - out);
}

/* Read a JSON line's members into s->json_values. 1: read; -1: unsure. */
static int json_members(Scanner *s, const unsigned char *p, const unsigned char *end) {
    uint64_t stamp = ++s->json_stamp;
    /* Decoded strings are never longer than their text: room for the whole line is room for all of them. */
    size_t need = (size_t)(end - p);
    if (need > s->json_scratch_cap) {
        unsigned char *scratch = realloc(s->json_scratch, need);
        if (!scratch) return -2;
        s->json_scratch = scratch;
        s->json_scratch_cap = need;
    }
    s->json_scratch_used = 0;
    p = json_ws(p, end);
    if (p >= end || *p != '{') return -1;
    p = json_ws(p + 1, end);
    if (p < end && *p == '}') return json_ws(p + 1, end) == end ? 1 : -1;
    for (;;) {
        if (p >= end || *p != '"') return -1;
        int escaped;
        const unsigned char *key_end = json_string(p + 1, end, &escaped);
        if (!key_end || escaped) return -1; /* a key with an escape might spell a known key */
        const unsigned char *key = p + 1;
        size_t key_len = (size_t)(key_end - key);
        p = json_ws(key_end + 1, end);
        if (p >= end || *p != ':') return -1;
        p = json_ws(p + 1, end);
        if (p >= end) return -1;
        const unsigned char *v = p;
        int type;
        int value_escaped = 0;
        if (*p == '"') {
            const unsigned char *q = json_string(p + 1, end, &value_escaped);
            if (!q) return -1;
            type = JV_STRING;
            v = p + 1;
            p = q + 1;
        } else if (*p == '-' || is_digit(*p)) {
            int is_float;
            const unsigned char *q = json_number(p, end, &is_float);
            if (!q) return -1;
            if (is_float) {
                type = JV_OTHER; /* a float ($request_time): passed over, as the reference passes it over */
            } else {
                if (q - p > 18 || (q - p == 2 && p[0] == '-' && p[1] == '0')) return -1; /* -0, or long */
                type = JV_INT;
            }
            p = q;
        } else {
            /* true, false, null, or a nested object or array: valid JSON the reference passes over */
            const unsigned char *q = json_skip_value(p, end, 0);
            if (!q) return -1; /* NaN, Infinity, too deep, or not JSON: the reference decides */
            type = JV_OTHER;
            p = q;
        }
        const unsigned char *v_end = type == JV_STRING ? p - 1 : p;
        int k = -1;
        if (key_len < 64)
            for (int c = 0; c < 4 && s->json_by_len[key_len][c] >= 0; c++) {
                int candidate = s->json_by_len[key_len][c];
                if (memcmp(s->json_key_text[candidate], key, key_len) == 0) {
                    k = candidate;
                    break;
                }
            }
        if (k < 0 && (key_len >= 64 || s->json_by_len[key_len][3] >= 0)) {
            /* more keys of this length than the short list holds: the table decides */
            unsigned char *known = table_find(&s->json_keys, key, key_len);
            if (known) k = (int)*entry_value(known, (uint32_t)key_len);
        }
        if (k >= 0) {
            if (s->json_values[k].stamp != stamp) { /* the first time this key is given counts */
                s->json_values[k].stamp = stamp;
                s->json_values[k].start = v;
                s->json_values[k].len = (size_t)(v_end - v);
                s->json_values[k].type = type;
                if (value_escaped) { /* decoded into the line's scratch space, as json.loads decodes it */
                    unsigned char *out = s->json_scratch + s->json_scratch_used;
                    size_t n = json_unescape(v, v_end, out);
                    if (n == (size_t)-1) return -1; /* a lone surrogate: only the reference keeps it */
                    s->json_values[k].start = out;
                    s->json_values[k].len = n;
                    s->json_scratch_used += n;
                }
            }
        }
        p = json_ws(p, end);
        if (p < end && *p == ',') {
            p = json_ws(p + 1, end);
            continue;
        }
        if (p < end && *p == '}') return json_ws(p + 1, end) == end ? 1 : -1;
        return -1;
    }
}

/* The value of a field: its first candidate key whose value is a string or an integer (0: none). */
static int json_field(Scanner *s, int field, Fields *f) {
    for (int i = 0; i < 8 && s->json_field_keys[field][i] >= 0; i++) {
        int k = s->json_field_keys[field][i];
        if (s->json_values[k].stamp == s->json_stamp &&
            (s->json_values[k].type == JV_STRING || s->json_values[k].type == JV_INT)) {
            f->start[field] = s->json_values[k].start;
            f->len[field] = s->json_values[k].len;
            return 1;
        }
    }
    return 0;
}

static const Piece APACHE_PIECE = {OP_APACHE, F_NONE, NULL, 0};
static const Piece ISOTIME_PIECE = {OP_ISOTIME, F_NONE, NULL, 0};

/* The date of a JSON time that fully matches the Apache or the ISO time (0: neither, or no such day);
   -1 when unsure. */
static int64_t json_date(const unsigned char *t, size_t n) {
    const unsigned char *ends[MAX_ENDS];
    int truncated;
    if (piece_ends(&APACHE_PIECE, t, t + n, ends, 1, &truncated) && ends[0] == t + n) return date_of(t, 11);
    int k = piece_ends(&ISOTIME_PIECE, t, t + n, ends, 0, &truncated);
    for (int i = 0; i < k; i++)
        if (ends[i] == t + n) return date_of(t, 10);
    return truncated ? -1 : 0;
}

/* Fill the fields of a JSON line as reference.parse_json_line: 1 a record, 0 surely not (None), -1
   unsure, -2 out of memory. The request, when given, is left for splitting; the date goes to *date. */
static int json_line(Scanner *s, const unsigned char *p, const unsigned char *end, Fields *f, uint32_t *date) {
    int read = json_members(s, p, end);
    if (read < 0) return read; /* -1 unsure, -2 out of memory */
    if (!json_field(s, F_ADDR, f) || f->len[F_ADDR] == 0) return 0;
    if (!json_field(s, F_TIME, f)) return 0;
    if (!json_field(s, F_STATUS, f) || f->len[F_STATUS] != 3 || !is_digit(f->start[F_STATUS][0]) ||
        !is_digit(f->start[F_STATUS][1]) || !is_digit(f->start[F_STATUS][2]))
        return 0;
    int64_t d = json_date(f->start[F_TIME], f->len[F_TIME]);
    if (d < 0) return -1;
    if (d == 0) return 0;
    *date = (uint32_t)d;
    s->has_request = json_field(s, F_REQUEST, f);
    if (!s->has_request && !(json_field(s, F_METHOD, f) && json_field(s, F_TARGET, f))) return 0;
    if (!json_field(s, F_UA, f)) {
        f->start[F_UA] = p;
        f->len[F_UA] = 0; /* no user agent: "" (a robot) */
    }
    if (!json_field(s, F_HOST, f)) {
        f->start[F_HOST] = p;
        f->len[F_HOST] = 0;
    }
    f->start[F_COOKIE] = p;
    f->len[F_COOKIE] = 0;
    int k = s->json_cookie_key;
    if (k >= 0 && s->json_values[k].stamp == s->json_stamp && s->json_values[k].type == JV_STRING) {
        f->start[F_COOKIE] = s->json_values[k].start; /* the cookie counts only as a string */
        f->len[F_COOKIE] = s->json_values[k].len;
    }
    return 1;
}

/* Classify and count one non-empty line. */
static int take_line(Scanner *s, const unsigned char *p, const unsigned char *end) {
    size_t n = (size_t)(end - p);
    if (s->comment_len && n >= (size_t)s->comment_len && memcmp(p, s->comment, (size_t)s->comment_len) == 0)
        return 0; /* a directive, not a log line */
    s->lines++;
    /* A matched line has every field the format has set (use_format checked that the counts' fields are
       there); only the cookie may be absent. No memset: clearing 144 bytes a line cost a tenth of it. */
    Fields f;
    f.start[F_COOKIE] = p;
    f.len[F_COOKIE] = 0;
    uint32_t date = 0;
    int matched = s->json ? json_line(s, p, end, &f, &date) : match_line(s, p, end, &f);
    if (matched == -2) return -1; /* out of memory */
    if (matched < 0) return add_suspect(s, p, n, 1);
    if (matched == 0) return add_malformed(s, p, n);
    if (!s->json && f.len[F_TIME] >= (size_t)s->day_len) {
        /* Lines come in time order: most have the previous line's day. */
        if (memcmp(f.start[F_TIME], s->last_day, (size_t)s->day_len) == 0) {
            date = s->last_date;
        } else {
            date = date_of(f.start[F_TIME], (size_t)s->day_len);
            if (date) {
                memcpy(s->last_day, f.start[F_TIME], (size_t)s->day_len);
                s->last_date = date;
            }
        }
    }
    if (!date) return add_malformed(s, p, n); /* a date that does not exist (31/Feb/2020) */
    int64_t site = 0;
    if (s->by_site && f.len[F_HOST]) {
        uint32_t last_len;
        const unsigned char *last = intern_text(&s->sites, (size_t)s->last_site, &last_len);
        if (last_len == f.len[F_HOST] && memcmp(last, f.start[F_HOST], last_len) == 0) {
            site = s->last_site; /* a visit: the same site as the line before */
        } else {
            site = intern_id(&s->sites, f.start[F_HOST], f.len[F_HOST]);
            if (site < 0) return -1;
            s->last_site = site;
        }
    }
    const unsigned char *method, *target;
    size_t method_len, target_len;
    if (s->has_request) {
        const unsigned char *r = f.start[F_REQUEST];
        size_t rn = f.len[F_REQUEST];
        const unsigned char *sp = rn ? memchr(r, ' ', rn) : NULL;
        method = r;
        method_len = sp ? (size_t)(sp - r) : rn;
        target = sp ? sp + 1 : r + rn;
        const unsigned char *rend = r + rn;
        const unsigned char *sp2 = target < rend ? memchr(target, ' ', (size_t)(rend - target)) : NULL;
        target_len = (size_t)((sp2 ? sp2 : rend) - target);
    } else {
        method = f.start[F_METHOD];
        method_len = f.len[F_METHOD];
        target = f.start[F_TARGET];
        target_len = f.len[F_TARGET];
    }
    int reason = R_CANDIDATE;
    if (!in_list(method, method_len, s->methods, s->method_lens, s->nmethods, 0) || target_len == 0) {
        reason = R_METHOD;
    } else {
        const unsigned char *st = f.start[F_STATUS];
        int status = (st[0] - '0') * 100 + (st[1] - '0') * 10 + (st[2] - '0');
        if (!s->status_counts[status])
            reason = R_STATUS;
        else if (!is_page(s, target, target_len))
            reason = R_STATIC;
    }
    int64_t ua = 0;
    if (reason == R_CANDIDATE && s->has_ua) {
        uint32_t last_len;
        const unsigned char *last = s->last_ua ? intern_text(&s->uas, s->last_ua - 1, &last_len) : NULL;
        if (last && last_len == f.len[F_UA] && memcmp(last, f.start[F_UA], last_len) == 0) {
            ua = s->last_ua; /* a visit: the same browser as the candidate before */
        } else {
            ua = intern_id(&s->uas, f.start[F_UA], f.len[F_UA]);
            if (ua < 0) return -1;
            ua += 1; /* 0 is "no user agent" */
            s->last_ua = ua;
        }
    }
    return add_counted(s, site, date, reason, f.start[F_ADDR], f.len[F_ADDR], ua, f.start[F_COOKIE],
                       s->cookie ? f.len[F_COOKIE] : 0, 1);
}

/* Take every complete line of [p, end); return where the incomplete last line starts, or where the next
   line starts once the lines set aside hold more than s->suspect_limit bytes. */
static const unsigned char *take_lines(Scanner *s, const unsigned char *p, const unsigned char *end, int final) {
    const unsigned char *next_cr = NULL; /* the next \r at or after the current line, or end */
    while (p < end) {
        if (s->suspects.used > s->suspect_limit) return p;
        const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
        const unsigned char *stop = nl ? nl : end;
        if (!nl && !final) {
            /* a \r inside the rest still ends lines before it */
            const unsigned char *cr = memchr(p, '\r', (size_t)(end - p));
            if (!cr || cr == end - 1) return p; /* a trailing \r may be the first half of \r\n */
            stop = cr;
            nl = cr;
        }
        /* Lines inside [p, stop) separated by lone \r: the next \r of the buffer is looked for once, not
           once a line (most logs have none, or one at the end of each line). */
        const unsigned char *a = p;
        for (;;) {
            if (!next_cr || next_cr < a) {
                next_cr = memchr(a, '\r', (size_t)(end - a));
                if (!next_cr) next_cr = end;
            }
            const unsigned char *cr = next_cr < stop ? next_cr : NULL;
            const unsigned char *e = cr ? cr : stop;
            int taken = e > a ? take_line(s, a, e) : 0;
            if (taken < 0) {
                s->failed = taken == -2 ? 2 : 1; /* 2: a partition file could not be written */
                return end;
            }
            if (!cr) break;
            a = cr + 1;
        }
        p = nl ? nl + 1 : end;
    }
    return p;
}

/* ---------------------------------------------------------------- Python methods */

static void free_pieces(Scanner *s);

static void scanner_dealloc(Scanner *s) {
    free_pieces(s);
    for (int i = 0; i < s->nmethods; i++) PyMem_Free(s->methods[i]);
    PyMem_Free(s->methods);
    PyMem_Free(s->method_lens);
    for (int i = 0; i < s->nexts; i++) PyMem_Free(s->exts[i]);
    PyMem_Free(s->exts);
    PyMem_Free(s->ext_lens);
    intern_free(&s->uas);
    intern_free(&s->sites);
    table_free(&s->groups);
    table_free(&s->suspects);
    if (s->json_keys.slots) table_free(&s->json_keys);
    free(s->json_scratch);
    if (s->spill_dir) close_spill_files(s);
    PyMem_Free(s->spill_dir);
    free(s->reasons);
    free(s->key);
    free(s->carry);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

static int copy_bytes_list(PyObject *list, char ***out, Py_ssize_t **lens, int *count) {
    PyObject *seq = PySequence_Fast(list, "a list of bytes is expected");
    if (!seq) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    *out = PyMem_Calloc((size_t)n + 1, sizeof(char *));
    *lens = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    *count = 0;
    if (!*out || !*lens) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        char *data;
        Py_ssize_t len;
        if (PyBytes_AsStringAndSize(PySequence_Fast_GET_ITEM(seq, i), &data, &len) < 0) {
            Py_DECREF(seq);
            return -1;
        }
        (*out)[i] = PyMem_Malloc((size_t)len + 1);
        if (!(*out)[i]) {
            Py_DECREF(seq);
            PyErr_NoMemory();
            return -1;
        }
        memcpy((*out)[i], data, (size_t)len);
        (*lens)[i] = len;
        (*count)++;
    }
    Py_DECREF(seq);
    return 0;
}

static void free_pieces(Scanner *s) {
    for (int i = 0; i < s->npieces; i++) PyMem_Free(s->pieces[i].text);
    PyMem_Free(s->pieces);
    s->pieces = NULL;
    s->npieces = 0;
}

static int scanner_init(Scanner *s, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"methods", "page_extensions", "statuses", "year", "by_site", "cookie", "examples",
                             "spill_dir", "spill_bytes", NULL};
    PyObject *methods, *exts, *statuses;
    int year, by_site, cookie, examples = 5;
    const char *spill_dir = "";
    Py_ssize_t spill_bytes = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOipp|isn", kwlist, &methods, &exts, &statuses, &year, &by_site,
                                     &cookie, &examples, &spill_dir, &spill_bytes))
        return -1;
    s->examples_left = examples;
    static unsigned long next_uid = 0; /* scanners are made with the GIL held */
    s->uid = ++next_uid;
    if (spill_bytes > 0 && spill_dir[0]) {
        s->spill_dir = PyMem_Malloc(strlen(spill_dir) + 1);
        if (!s->spill_dir) {
            PyErr_NoMemory();
            return -1;
        }
        strcpy(s->spill_dir, spill_dir);
        s->spill_bytes = (size_t)spill_bytes;
    }
    if (s->key) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is already initialised");
        return -1;
    }
    if (copy_bytes_list(methods, &s->methods, &s->method_lens, &s->nmethods) < 0) return -1;
    if (copy_bytes_list(exts, &s->exts, &s->ext_lens, &s->nexts) < 0) return -1;
    PyObject *st = PySequence_Fast(statuses, "statuses must be a list of int");
    if (!st) return -1;
    Py_ssize_t ns = PySequence_Fast_GET_SIZE(st);
    for (int v = 200; v <= 299; v++) s->status_counts[v] = 1;
    for (Py_ssize_t i = 0; i < ns; i++) {
        long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(st, i));
        if (v == -1 && PyErr_Occurred()) {
            Py_DECREF(st);
            return -1;
        }
        if (v >= 0 && v < 1000) s->status_counts[v] = 1;
    }
    Py_DECREF(st);
    s->year = year;
    s->by_site = by_site;
    s->cookie_wanted = cookie;
    if (intern_init(&s->uas) < 0 || intern_init(&s->sites) < 0 || table_init(&s->groups, 1 << 16) < 0 ||
        table_init(&s->suspects, 1024) < 0 || grow_reasons(s, 0) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    if (intern_id(&s->sites, (const unsigned char *)"", 0) != 0) {
        PyErr_NoMemory();
        return -1;
    }
    s->key_cap = 256;
    s->key = malloc(s->key_cap);
    if (!s->key) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* Whether the format may be set now (the scanner is initialised and no stream's line is open); else raise. */
static int format_may_change(Scanner *s) {
    if (!s->key) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is not initialised");
        return 0;
    }
    if (s->carry_len) {
        PyErr_SetString(PyExc_RuntimeError, "a line of the previous stream is still open");
        return 0;
    }
    return 1;
}

/* use_json(keys, cookie): the lines that follow are JSON lines; keys[field] lists the field's candidate
   keys in order (reference.JSON_KEYS), for the fields addr, time, request, method, target, status, ua,
   host; cookie is the visitor cookie's key (b"" for none). */
static PyObject *scanner_use_json(Scanner *s, PyObject *args) {
    PyObject *keys;
    const char *cookie;
    Py_ssize_t cookie_len;
    if (!PyArg_ParseTuple(args, "Oy#", &keys, &cookie, &cookie_len)) return NULL;
    if (!format_may_change(s)) return NULL;
    PyObject *seq = PySequence_Fast(keys, "keys must be a list of lists of bytes");
    if (!seq) return NULL;
    Py_ssize_t nfields = PySequence_Fast_GET_SIZE(seq);
    if (nfields != F_COOKIE) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "keys must list the candidate keys of the eight fields");
        return NULL;
    }
    if (s->json_keys.slots) table_free(&s->json_keys);
    if (table_init(&s->json_keys, 256) < 0) {
        Py_DECREF(seq);
        return PyErr_NoMemory();
    }
    s->json_nkeys = 0;
    memset(s->json_field_keys, -1, sizeof s->json_field_keys);
    for (Py_ssize_t field = 0; field < nfields; field++) {
        PyObject *names = PySequence_Fast(PySequence_Fast_GET_ITEM(seq, field), "a list of bytes");
        if (!names) {
            Py_DECREF(seq);
            return NULL;
        }
        Py_ssize_t count = PySequence_Fast_GET_SIZE(names);
        for (Py_ssize_t i = 0; i < count; i++) {
            char *name;
            Py_ssize_t len;
            if (i >= 7 || s->json_nkeys >= 63 ||
                PyBytes_AsStringAndSize(PySequence_Fast_GET_ITEM(names, i), &name, &len) < 0) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "too many keys");
                Py_DECREF(names);
                Py_DECREF(seq);
                return NULL;
            }
            int added;
            unsigned char *entry =
                table_get(&s->json_keys, (const unsigned char *)name, (size_t)len, (uint64_t)s->json_nkeys, &added);
            if (!entry) {
                Py_DECREF(names);
                Py_DECREF(seq);
                return PyErr_NoMemory();
            }
            if (added) s->json_nkeys++;
            s->json_field_keys[field][i] = (int)*entry_value(entry, (uint32_t)len);
        }
        Py_DECREF(names);
    }
    Py_DECREF(seq);
    s->json_cookie_key = -1;
    s->cookie = 0;
    if (s->cookie_wanted && cookie_len) {
        int added;
        unsigned char *entry = table_get(&s->json_keys, (const unsigned char *)cookie, (size_t)cookie_len,
                                         (uint64_t)s->json_nkeys, &added);
        if (!entry) return PyErr_NoMemory();
        if (added) s->json_nkeys++;
        s->json_cookie_key = (int)*entry_value(entry, (uint32_t)cookie_len);
        s->cookie = 1;
    }
    for (int k = 0; k < 64; k++) s->json_values[k].stamp = 0;
    s->json_stamp = 0;
    memset(s->json_by_len, -1, sizeof s->json_by_len);
    size_t pos = 0;
    uint32_t len;
    unsigned char *entry;
    while ((entry = table_next(&s->json_keys, &pos, &len))) {
        int k = (int)*entry_value(entry, len);
        if (len >= 64) continue;
        memcpy(s->json_key_text[k], entry + 4, len);
        int c = 0;
        while (c < 4 && s->json_by_len[len][c] >= 0) c++;
        if (c < 4) s->json_by_len[len][c] = k;
    }
    /* A placeholder program, so that scanning knows a format is set. */
    free_pieces(s);
    s->pieces = PyMem_Calloc(1, sizeof(Piece));
    if (!s->pieces) return PyErr_NoMemory();
    s->json = 1;
    s->has_ua = 1;
    s->day_len = 10;
    s->comment_len = 0;
    memset(s->last_day, 0, sizeof s->last_day);
    s->last_date = 0;
    Py_RETURN_NONE;
}

/* use_format(program, comment): the format of the lines that follow, as a list of (op, field, text). */
static PyObject *scanner_use_format(Scanner *s, PyObject *args) {
    PyObject *program;
    const char *comment;
    Py_ssize_t comment_len;
    if (!PyArg_ParseTuple(args, "Oy#", &program, &comment, &comment_len)) return NULL;
    if (!format_may_change(s)) return NULL;
    if (comment_len >= (Py_ssize_t)sizeof s->comment) {
        PyErr_SetString(PyExc_ValueError, "comment prefix too long");
        return NULL;
    }
    free_pieces(s);
    PyObject *seq = PySequence_Fast(program, "program must be a list of (op, field, bytes)");
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    s->pieces = PyMem_Calloc((size_t)n + 1, sizeof(Piece));
    if (!s->pieces) {
        Py_DECREF(seq);
        return PyErr_NoMemory();
    }
    int seen[F_COUNT] = {0};
    for (Py_ssize_t i = 0; i < n; i++) {
        int op, field;
        const char *text;
        Py_ssize_t len;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "iiy#", &op, &field, &text, &len)) {
            Py_DECREF(seq);
            free_pieces(s);
            return NULL;
        }
        if (op < OP_LIT || op > OP_REST || field < F_NONE || field >= F_COUNT || (field >= 0 && seen[field])) {
            Py_DECREF(seq);
            free_pieces(s);
            PyErr_SetString(PyExc_ValueError, "unknown piece, or a field given twice, in program");
            return NULL;
        }
        s->pieces[i].op = op;
        s->pieces[i].field = field;
        s->pieces[i].len = len;
        s->pieces[i].text = PyMem_Malloc((size_t)len + 1);
        if (!s->pieces[i].text) {
            Py_DECREF(seq);
            free_pieces(s);
            return PyErr_NoMemory();
        }
        memcpy(s->pieces[i].text, text, (size_t)len);
        s->npieces++;
        if (field >= 0) seen[field] = 1;
        if (field == F_TIME) s->day_len = op == OP_APACHE ? 11 : 10;
        if (field == F_STATUS && op != OP_DIGITS3) seen[F_STATUS] = 0;
    }
    Py_DECREF(seq);
    s->has_request = seen[F_REQUEST];
    s->has_ua = seen[F_UA];
    if (!seen[F_ADDR] || !seen[F_TIME] || !seen[F_STATUS] || !(seen[F_REQUEST] || (seen[F_METHOD] && seen[F_TARGET])) ||
        (s->by_site && !seen[F_HOST])) {
        free_pieces(s);
        PyErr_SetString(PyExc_ValueError, "the program lacks a field the counts need");
        return NULL;
    }
    memcpy(s->comment, comment, (size_t)comment_len);
    s->comment_len = comment_len;
    s->json = 0;
    memset(s->last_day, 0, sizeof s->last_day); /* a day of another format's shape is never equal */
    s->last_date = 0;
    s->cookie = s->cookie_wanted && seen[F_COOKIE];
    Py_RETURN_NONE;
}

/* The Python error for a failure inside a GIL-free loop (or for an add/merge that failed with `code`). */
static PyObject *raise_failure(Scanner *s, int code) {
    if (code == -2 || s->failed == 2) { /* a partition file: the error names its directory */
        errno = s->io_errno ? s->io_errno : EIO;
        return PyErr_SetFromErrnoWithFilename(PyExc_OSError, s->spill_dir ? s->spill_dir : "");
    }
    return PyErr_NoMemory();
}

static PyObject *check_failed(Scanner *s) { return raise_failure(s, 0); }

#define READ_BYTES (4 << 20)
/* Pause a file once the lines set aside hold this much text, so Python can judge them first. */
#define SUSPECT_BYTES (64 << 20)

/* scan_file(path, start, end[, suspect_limit]) -> next offset: count the lines of bytes [start, end) of a
   file (start at a line's start). Returns `end` when done, or an earlier line start when the lines set
   aside hold more than suspect_limit bytes and should be taken out first (suspects()). */
static PyObject *scanner_scan_file(Scanner *s, PyObject *args) {
    PyObject *path_obj;
    long long start, stop;
    Py_ssize_t limit = SUSPECT_BYTES;
    if (!PyArg_ParseTuple(args, "O&LL|n", PyUnicode_FSConverter, &path_obj, &start, &stop, &limit)) return NULL;
    if (!s->pieces) {
        Py_DECREF(path_obj);
        PyErr_SetString(PyExc_RuntimeError, "use_format() first");
        return NULL;
    }
    const char *path = PyBytes_AS_STRING(path_obj);
    int fd = -1, err = 0;
    unsigned char *buffer = NULL;
    long long offset = start;
    s->suspect_limit = limit > 0 ? (size_t)limit : 0;
    Py_BEGIN_ALLOW_THREADS
    fd = open(path, O_RDONLY);
    if (fd < 0) {
        err = errno;
    } else {
        size_t cap = READ_BYTES;
        buffer = malloc(cap);
        size_t have = 0; /* bytes in buffer, starting at file offset `offset` */
        long long read_at = start;
        if (!buffer) err = ENOMEM;
        while (!err && offset < stop) {
            if (have == cap) { /* one line longer than the buffer */
                unsigned char *b = realloc(buffer, cap * 2);
                if (!b) {
                    err = ENOMEM;
                    break;
                }
                buffer = b;
                cap *= 2;
            }
            size_t want = cap - have;
            if ((long long)want > stop - read_at) want = (size_t)(stop - read_at);
            ssize_t got = want ? pread(fd, buffer + have, want, read_at) : 0;
            if (got < 0) {
                if (errno == EINTR) continue;
                err = errno;
                break;
            }
            have += (size_t)got;
            read_at += got;
            int final = read_at >= stop || got == 0;
            const unsigned char *rest = take_lines(s, buffer, buffer + have, final);
            if (s->failed) break;
            size_t used = (size_t)(rest - buffer);
            offset += (long long)used;
            if (s->suspects.used > s->suspect_limit) break; /* `offset`: the first line not yet taken */
            memmove(buffer, rest, have - used);
            have -= used;
            if (final) { /* every line taken (a file shorter than `stop` ends here too) */
                offset = stop;
                break;
            }
        }
        free(buffer);
        close(fd);
    }
    Py_END_ALLOW_THREADS
    Py_DECREF(path_obj);
    if (s->failed) return check_failed(s);
    if (err) {
        errno = err;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    return PyLong_FromLongLong(offset);
}

/* Append bytes to the line carried between fed pieces; 1 when out of memory. */
static int carry_append(Scanner *s, const unsigned char *p, size_t n) {
    if (s->carry_len + n > s->carry_cap) {
        size_t cap = (s->carry_len + n) * 2;
        unsigned char *c = realloc(s->carry, cap);
        if (!c) return 1;
        s->carry = c;
        s->carry_cap = cap;
    }
    if (n) memcpy(s->carry + s->carry_len, p, n);
    s->carry_len += n;
    return 0;
}

/* feed(data): count the complete lines of a piece of a stream (a decompressed .gz); the rest is kept. */
static PyObject *scanner_feed(Scanner *s, PyObject *args) {
    Py_buffer view;
    int final = 0;
    if (!PyArg_ParseTuple(args, "y*|p", &view, &final)) return NULL;
    if (!s->pieces) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_RuntimeError, "use_format() first");
        return NULL;
    }
    int err = 0;
    s->suspect_limit = SIZE_MAX;
    Py_BEGIN_ALLOW_THREADS
    const unsigned char *data = view.buf;
    size_t n = (size_t)view.len;
    if (s->carry_len) {
        /* Complete the carried line with the start of this piece (up to its first line end): the carry
           is then taken whole, or (no line end in the piece) the whole piece joins it. */
        const unsigned char *nl = memchr(data, '\n', n);
        size_t take = nl ? (size_t)(nl - data) + 1 : n;
        err = carry_append(s, data, take);
        if (!err) {
            data += take;
            n -= take;
            const unsigned char *rest = take_lines(s, s->carry, s->carry + s->carry_len, final && n == 0);
            size_t left = (size_t)(s->carry + s->carry_len - rest);
            memmove(s->carry, rest, left);
            s->carry_len = left;
        }
    }
    if (!err && n) {
        const unsigned char *rest = take_lines(s, data, data + n, final);
        err = carry_append(s, rest, (size_t)(data + n - rest)); /* the incomplete last line */
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    if (err) return PyErr_NoMemory();
    if (s->failed) return check_failed(s);
    Py_RETURN_NONE;
}

/* drop_partial(): forget the incomplete last line of a stream that broke off. */
static PyObject *scanner_drop_partial(Scanner *s, PyObject *Py_UNUSED(ignored)) {
    s->carry_len = 0;
    Py_RETURN_NONE;
}

/* suspect_bytes() -> how much text the lines set aside hold (a stream's caller takes them out past a limit). */
static PyObject *scanner_suspect_bytes(Scanner *s, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromSize_t(s->suspects.used);
}

static PyObject *scanner_lines(Scanner *s, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromLongLong(s->lines);
}

static PyObject *scanner_suspects(Scanner *s, PyObject *Py_UNUSED(ignored)) {
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    size_t pos = 0;
    uint32_t len;
    unsigned char *entry;
    while ((entry = table_next(&s->suspects, &pos, &len))) {
        PyObject *item = Py_BuildValue("(y#K)", entry + 4, (Py_ssize_t)len, (unsigned long long)*entry_value(entry, len));
        if (!item || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(item);
    }
    table_free(&s->suspects);
    if (table_init(&s->suspects, 1024) < 0) {
        Py_DECREF(out);
        return PyErr_NoMemory();
    }
    return out;
}

/* add(site, date, reason, addr, ua, cookie, n): count lines judged in Python (the reference parser). */
static PyObject *scanner_add(Scanner *s, PyObject *args) {
    const char *site, *addr, *ua, *cookie;
    Py_ssize_t site_len, addr_len, ua_len, cookie_len;
    unsigned int date;
    int reason;
    unsigned long long count;
    if (!PyArg_ParseTuple(args, "y#Iiy#z#y#K", &site, &site_len, &date, &reason, &addr, &addr_len, &ua, &ua_len,
                          &cookie, &cookie_len, &count))
        return NULL;
    if (reason < 0 || reason >= R_COUNT || reason == R_ROBOT || reason == R_OTHER_YEAR) {
        PyErr_SetString(PyExc_ValueError, "reason must be malformed, method, status, static or candidate");
        return NULL;
    }
    int64_t site_id = s->by_site ? intern_id(&s->sites, (const unsigned char *)site, (size_t)site_len) : 0;
    int64_t ua_id = 0;
    if (site_id >= 0 && ua && reason == R_CANDIDATE) {
        ua_id = intern_id(&s->uas, (const unsigned char *)ua, (size_t)ua_len);
        if (ua_id >= 0) ua_id += 1;
    }
    if (site_id < 0 || ua_id < 0) return PyErr_NoMemory();
    int r = add_counted(s, reason == R_MALFORMED ? 0 : site_id, date, reason, (const unsigned char *)addr,
                        (size_t)addr_len, ua_id, (const unsigned char *)cookie, s->cookie ? (size_t)cookie_len : 0, count);
    if (r < 0) return raise_failure(s, r);
    Py_RETURN_NONE;
}

static PyObject *intern_list(Intern *in) {
    PyObject *out = PyList_New((Py_ssize_t)in->n);
    if (!out) return NULL;
    for (size_t i = 0; i < in->n; i++) {
        uint32_t len;
        const unsigned char *text = intern_text(in, i, &len);
        PyObject *b = PyBytes_FromStringAndSize((const char *)text, len);
        if (!b) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)i, b);
    }
    return out;
}

/* user_agents() -> the distinct user agents of candidates; id = index + 1 (0: none recorded). */
static PyObject *scanner_user_agents(Scanner *s, PyObject *Py_UNUSED(ignored)) { return intern_list(&s->uas); }

/* sites() -> the distinct hosts as logged; id = index (0 is ""). */
static PyObject *scanner_sites(Scanner *s, PyObject *Py_UNUSED(ignored)) { return intern_list(&s->sites); }

typedef struct {
    Scanner *s;
    int64_t *ua_map, *site_map; /* the other scanner's ids -> this one's */
} MergeContext;

/* Count one of another scanner's groups (its key: site, date, agent, address length, address, cookie). */
static int merge_group(void *context, const unsigned char *key, uint32_t len, uint64_t count) {
    MergeContext *ctx = context;
    uint32_t head[4];
    memcpy(head, key, 16);
    const unsigned char *addr = key + 16;
    return add_counted(ctx->s, ctx->site_map[head[0]], head[1], R_CANDIDATE, addr, head[3], ctx->ua_map[head[2]],
                       addr + head[3], len - 16 - head[3], count);
}

/* merge(other): add another scanner's counts (same program and rules) to this one's. */
static PyObject *scanner_merge(Scanner *s, PyObject *args) {
    Scanner *o;
    if (!PyArg_ParseTuple(args, "O", &o)) return NULL;
    if (Py_TYPE(o) != Py_TYPE(s) || o == s) {
        PyErr_SetString(PyExc_TypeError, "merge() takes another Scanner");
        return NULL;
    }
    int64_t *ua_map = malloc((o->uas.n + 1) * sizeof(int64_t));
    int64_t *site_map = malloc((o->sites.n + 1) * sizeof(int64_t));
    int err = !ua_map || !site_map;
    if (ua_map) ua_map[0] = 0;
    for (size_t i = 0; !err && i < o->uas.n; i++) {
        uint32_t len;
        const unsigned char *t = intern_text(&o->uas, i, &len);
        int64_t id = intern_id(&s->uas, t, len);
        if (id < 0) err = 1;
        else ua_map[i + 1] = id + 1;
    }
    for (size_t i = 0; !err && i < o->sites.n; i++) {
        uint32_t len;
        const unsigned char *t = intern_text(&o->sites, i, &len);
        int64_t id = intern_id(&s->sites, t, len);
        if (id < 0) err = 1;
        else site_map[i] = id;
    }
    for (size_t i = 0; !err && i < o->sites.n && i < o->reasons_cap; i++) {
        if (grow_reasons(s, (size_t)site_map[i]) < 0) {
            err = 1;
            break;
        }
        for (int r = 0; r < R_COUNT; r++) s->reasons[site_map[i]][r] += o->reasons[i][r];
    }
    size_t pos = 0;
    uint32_t len;
    unsigned char *entry;
    int err_code = 0;
    MergeContext ctx = {s, ua_map, site_map};
    while (!err && (entry = table_next(&o->groups, &pos, &len))) {
        err_code = merge_group(&ctx, entry + 4, len, *entry_value(entry, len));
        if (err_code < 0) err = 1;
    }
    if (!err && o->spilled) {
        /* The other scanner's groups on disk, read back and counted here with this scanner's ids. */
        for (int part = 0; !err && part < SPILL_PARTS; part++) {
            int r = read_partition(o, part, merge_group, &ctx);
            if (r < 0) {
                err = 1;
                err_code = r;
                if (r == -2) s->io_errno = o->io_errno;
            }
        }
        close_spill_files(o);
        o->spilled = 0;
    }
    pos = 0;
    while (!err && (entry = table_next(&o->suspects, &pos, &len)))
        if (add_suspect(s, entry + 4, len, *entry_value(entry, len)) < 0) err = 1;
    s->lines += o->lines;
    free(ua_map);
    free(site_map);
    if (err) return raise_failure(s, err_code);
    Py_RETURN_NONE;
}

static int read_ints(PyObject *obj, int64_t **out, size_t *n) {
    PyObject *seq = PySequence_Fast(obj, "a list of int is expected");
    if (!seq) return -1;
    *n = (size_t)PySequence_Fast_GET_SIZE(seq);
    *out = malloc((*n + 1) * sizeof(int64_t));
    if (!*out) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < *n; i++) {
        (*out)[i] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)i));
        if ((*out)[i] == -1 && PyErr_Occurred()) {
            Py_DECREF(seq);
            free(*out);
            return -1;
        }
    }
    Py_DECREF(seq);
    return 0;
}

/* What resolve() accumulates: reasons by site key, and per (site key, date) PV and UV. */
typedef struct {
    int64_t *robot, *ua_key, *site_key;
    int distinct;
    uint64_t (*by_site)[R_COUNT];
    Table days; /* key site(8) date(4) -> index into pv/uv */
    uint64_t *pv, *uv;
    size_t nday, day_cap;
    Table seen; /* visitors already counted, per site and day */
    unsigned char *vkey;
    size_t vcap;
} Resolve;

/* Count one group (key: site, date, agent, address length, address, cookie) into PV, UV and reasons. */
static int resolve_group(void *context, const unsigned char *key, uint32_t len, uint64_t count) {
    Resolve *st = context;
    uint32_t head[4];
    memcpy(head, key, 16);
    int64_t site = st->site_key[head[0]];
    if (head[2] && st->robot[head[2] - 1]) {
        st->by_site[site][R_ROBOT] += count;
        return 0;
    }
    st->by_site[site][R_PAGE] += count;
    unsigned char dkey[12];
    memcpy(dkey, &site, 8);
    memcpy(dkey + 8, &head[1], 4);
    int added;
    unsigned char *d = table_get(&st->days, dkey, 12, st->nday, &added);
    if (!d) return -1;
    if (added) {
        if (st->nday == st->day_cap) {
            size_t cap = st->day_cap ? st->day_cap * 2 : 1024;
            uint64_t *a = realloc(st->pv, cap * sizeof(uint64_t));
            if (!a) return -1;
            st->pv = a;
            uint64_t *b = realloc(st->uv, cap * sizeof(uint64_t));
            if (!b) return -1;
            st->uv = b;
            st->day_cap = cap;
        }
        st->pv[st->nday] = st->uv[st->nday] = 0;
        st->nday++;
    }
    size_t di = (size_t)*entry_value(d, 12);
    st->pv[di] += count;
    if (st->distinct) { /* each group is a visitor of its own: no two groups share site, day and visitor */
        st->uv[di]++;
        return 0;
    }
    /* The visitor: tag 1 + cookie, or tag 0 + agent key + address. */
    const unsigned char *addr = key + 16;
    size_t cookie_len = len - 16 - head[3];
    int by_cookie = cookie_len && !(cookie_len == 1 && addr[head[3]] == '-');
    size_t need = 12 + 8 + (by_cookie ? cookie_len : 8 + head[3]);
    if (need > st->vcap) {
        unsigned char *v = realloc(st->vkey, need * 2);
        if (!v) return -1;
        st->vkey = v;
        st->vcap = need * 2;
    }
    unsigned char *vkey = st->vkey;
    memcpy(vkey, &site, 8);
    memcpy(vkey + 8, &head[1], 4);
    size_t k = 12;
    if (by_cookie) {
        uint64_t tag = 1;
        memcpy(vkey + k, &tag, 8);
        memcpy(vkey + k + 8, addr + head[3], cookie_len);
        k += 8 + cookie_len;
    } else {
        uint64_t tag = 0;
        int64_t ua = head[2] ? st->ua_key[head[2] - 1] + 1 : 0;
        memcpy(vkey + k, &tag, 8);
        memcpy(vkey + k + 8, &ua, 8);
        memcpy(vkey + k + 16, addr, head[3]);
        k += 16 + head[3];
    }
    unsigned char *v = table_get(&st->seen, vkey, k, 0, &added);
    if (!v) return -1;
    if (added) st->uv[di]++;
    return 0;
}

/* Add a group read from a partition file to a table (a group may have been spilled more than once). */
static int gather_group(void *context, const unsigned char *key, uint32_t len, uint64_t count) {
    return table_add(context, key, len, count) < 0 ? -1 : 0;
}

/* Resolve every group of a table. */
static int resolve_table(Resolve *st, Table *groups) {
    size_t pos = 0;
    uint32_t len;
    unsigned char *entry;
    while ((entry = table_next(groups, &pos, &len)))
        if (resolve_group(st, entry + 4, len, *entry_value(entry, len)) < 0) return -1;
    return 0;
}

/* resolve(robot, ua_key, site_key[, distinct]) -> (reasons, daily).

   robot[i], ua_key[i]: user agent id i + 1 is a robot; the index of its text as nianbao stores it (two
   byte strings with the same text are one visitor). site_key[i]: the index of the site host i names.
   reasons: [(site key, reason, n)]; daily: [(site key, yyyymmdd, pv, uv)], UV counting each visitor once
   per site and day: the cookie when the scanner counts by cookie and it is set, else address + agent.
   `distinct`: the caller knows no two groups are the same visitor (no cookie, and no two agents or hosts
   with the same key), so each group is counted without a second table. After a spill, the groups are
   resolved one partition (a set of days) at a time. */
static PyObject *scanner_resolve(Scanner *s, PyObject *args) {
    PyObject *robot_obj, *ua_obj, *site_obj;
    Resolve st;
    memset(&st, 0, sizeof st);
    if (!PyArg_ParseTuple(args, "OOO|p", &robot_obj, &ua_obj, &site_obj, &st.distinct)) return NULL;
    size_t nrobot, nua, nsite;
    if (read_ints(robot_obj, &st.robot, &nrobot) < 0) return NULL;
    if (read_ints(ua_obj, &st.ua_key, &nua) < 0 || read_ints(site_obj, &st.site_key, &nsite) < 0) {
        free(st.robot);
        free(st.ua_key);
        return NULL;
    }
    if (nrobot != s->uas.n || nua != s->uas.n || nsite != s->sites.n) {
        free(st.robot);
        free(st.ua_key);
        free(st.site_key);
        PyErr_SetString(PyExc_ValueError, "resolve() needs one entry per user agent and per site");
        return NULL;
    }
    PyObject *reasons = PyList_New(0), *daily = PyList_New(0);
    int err = !reasons || !daily || table_init(&st.seen, 1 << 16) < 0 || table_init(&st.days, 1024) < 0;
    st.by_site = calloc(nsite + 1, sizeof *st.by_site);
    if (!st.by_site) err = 1;
    for (size_t i = 0; !err && i < nsite && i < s->reasons_cap; i++)
        for (int r = 0; r < R_COUNT; r++) st.by_site[st.site_key[i]][r] += s->reasons[i][r];
    int code = 0;
    Py_BEGIN_ALLOW_THREADS
    if (!err && s->spilled) {
        code = spill_groups(s); /* the rest too: every group is then in a partition file */
        for (int part = 0; !code && part < SPILL_PARTS; part++) {
            Table groups;
            if (table_init(&groups, 1 << 16) < 0) {
                code = -1;
                break;
            }
            code = read_partition(s, part, gather_group, &groups);
            if (!code) code = resolve_table(&st, &groups);
            table_free(&groups);
            /* A partition's days are in no other partition: its visitors need not be remembered. */
            table_free(&st.seen);
            if (!code && table_init(&st.seen, 1 << 16) < 0) code = -1;
        }
    } else if (!err) {
        code = resolve_table(&st, &s->groups);
    }
    Py_END_ALLOW_THREADS
    if (code < 0) err = code == -2 ? 3 : 1;
    for (size_t i = 0; !err && i < nsite; i++) {
        for (int r = 0; r < R_COUNT; r++) {
            if (!st.by_site[i][r]) continue;
            PyObject *item = Py_BuildValue("(niK)", (Py_ssize_t)i, r, (unsigned long long)st.by_site[i][r]);
            if (!item || PyList_Append(reasons, item) < 0) err = 2;
            Py_XDECREF(item);
        }
    }
    size_t pos = 0;
    uint32_t len;
    unsigned char *entry;
    while (!err && (entry = table_next(&st.days, &pos, &len))) {
        int64_t site;
        uint32_t date;
        memcpy(&site, entry + 4, 8);
        memcpy(&date, entry + 12, 4);
        size_t di = (size_t)*entry_value(entry, len);
        PyObject *item = Py_BuildValue("(LIKK)", (long long)site, date, (unsigned long long)st.pv[di],
                                       (unsigned long long)st.uv[di]);
        if (!item || PyList_Append(daily, item) < 0) err = 2;
        Py_XDECREF(item);
    }
    if (st.seen.slots) table_free(&st.seen);
    if (st.days.slots) table_free(&st.days);
    free(st.pv);
    free(st.uv);
    free(st.vkey);
    free(st.by_site);
    free(st.robot);
    free(st.ua_key);
    free(st.site_key);
    if (err) {
        Py_XDECREF(reasons);
        Py_XDECREF(daily);
        if (err == 2) return NULL;
        return raise_failure(s, err == 3 ? -2 : -1);
    }
    return Py_BuildValue("(NN)", reasons, daily);
}

static PyMethodDef scanner_methods[] = {
    {"use_format", (PyCFunction)scanner_use_format, METH_VARARGS, "Set the format of the lines that follow."},
    {"use_json", (PyCFunction)scanner_use_json, METH_VARARGS, "The lines that follow are JSON lines."},
    {"scan_file", (PyCFunction)scanner_scan_file, METH_VARARGS, "Count the lines of a byte range of a file."},
    {"feed", (PyCFunction)scanner_feed, METH_VARARGS, "Count the complete lines of a piece of a stream."},
    {"drop_partial", (PyCFunction)scanner_drop_partial, METH_NOARGS, "Forget the open last line of a stream."},
    {"suspect_bytes", (PyCFunction)scanner_suspect_bytes, METH_NOARGS, "Bytes of the lines set aside."},
    {"lines", (PyCFunction)scanner_lines, METH_NOARGS, "The lines counted so far (directives excepted)."},
    {"suspects", (PyCFunction)scanner_suspects, METH_NOARGS, "Take the lines set aside, with their counts."},
    {"add", (PyCFunction)scanner_add, METH_VARARGS, "Count lines judged in Python."},
    {"user_agents", (PyCFunction)scanner_user_agents, METH_NOARGS, "The distinct user agents of candidates."},
    {"sites", (PyCFunction)scanner_sites, METH_NOARGS, "The distinct hosts as logged."},
    {"merge", (PyCFunction)scanner_merge, METH_VARARGS, "Add another scanner's counts."},
    {"resolve", (PyCFunction)scanner_resolve, METH_VARARGS, "Turn the counts into reasons and daily PV/UV."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "nianbao.evidence.logs._scan.Scanner",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One pass over access-log lines of one format: counts by reason, and page views by visitor.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)scanner_init,
    .tp_dealloc = (destructor)scanner_dealloc,
    .tp_methods = scanner_methods,
};

static struct PyModuleDef scan_module = {
    PyModuleDef_HEAD_INIT, "_scan", "The native single-pass scanner of access logs (see engine_native.py).", -1, NULL,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__scan(void) {
    if (PyType_Ready(&ScannerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&scan_module);
    if (!m) return NULL;
    Py_INCREF(&ScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(&ScannerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
