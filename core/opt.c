/*
 * opt.c - amb_opt trees: built from Lua values, copied with one key
 * changed, rendered as JSON.
 *
 * A tree is one malloc'd root node; each node owns its key, its string and
 * its items array (whose nodes own theirs in turn).  amb_opt_free() releases
 * the lot.  The public struct is const so that plugins cannot change it; the
 * functions here cast that away on the nodes they own.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lauxlib.h>

#include "conf.h"

#define OPT_MAX_DEPTH 32

/* State of one conversion; the root is reachable from here at every moment
 * so that a Lua memory error half-way through leaks nothing. */
typedef struct opt_walk {
    lua_State *L;
    amb_opt *root;
    amb_buf path;                         /* key path of the current value */
    const void *tables[OPT_MAX_DEPTH];    /* the tables being converted */
    int depth;
    amb_error *err;
    int rc;
} opt_walk;

/* Release what node owns (not node itself).  Safe on partly built nodes:
 * unset fields are NULL, unconverted items are zero. */
static void opt_clear(amb_opt *node)
{
    free((char *)node->key);
    free((char *)node->string);
    for (size_t i = 0; i < node->count; i++)
        opt_clear((amb_opt *)&node->items[i]);
    free((amb_opt *)node->items);
    memset(node, 0, sizeof *node);
}

void amb_opt_free(amb_opt *opt)
{
    if (!opt)
        return;
    opt_clear(opt);
    free(opt);
}

/* 1 if s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF). */
static int utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t more;
        unsigned long cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            more = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            more = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            more = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if (len - i - 1 < more)
            return 0;
        for (size_t k = 1; k <= more; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += more + 1;
    }
    return 1;
}

/* Record an error about the value at the current path; returns the rc. */
static int walk_fail(opt_walk *w, int rc, const char *what)
{
    if (w->path.len)
        amb_error_set(w->err, rc, "%s: %s", w->path.data, what);
    else
        amb_error_set(w->err, rc, "%s", what);
    w->rc = rc;
    return rc;
}

/* Check a Lua string for use as a key or value: no NUL (the tree keeps
 * C strings), valid UTF-8. */
static int check_string(opt_walk *w, const char *s, size_t len,
                        const char *role)
{
    char what[96];
    if (memchr(s, '\0', len)) {
        snprintf(what, sizeof what, "%s must not contain NUL bytes", role);
        return walk_fail(w, AMB_ECONFIG, what);
    }
    if (!utf8_valid((const unsigned char *)s, len)) {
        snprintf(what, sizeof what, "%s must be valid UTF-8", role);
        return walk_fail(w, AMB_ECONFIG, what);
    }
    return 0;
}

static int convert_value(opt_walk *w, int idx, amb_opt *node);

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const amb_opt *)a)->key, ((const amb_opt *)b)->key);
}

/* Append ".key" or "[i]" to the path; returns the length to restore. */
static size_t path_push_key(opt_walk *w, const char *key)
{
    size_t saved = w->path.len;
    if (saved)
        amb_buf_putc(&w->path, '.');
    amb_buf_puts(&w->path, key);
    return saved;
}

static size_t path_push_index(opt_walk *w, size_t i)
{
    size_t saved = w->path.len;
    amb_buf_printf(&w->path, "[%zu]", i);
    return saved;
}

static void path_pop(opt_walk *w, size_t saved)
{
    w->path.len = saved;
    if (w->path.data)
        w->path.data[saved] = '\0';
}

/* Classify the table at idx: 1 for a list 1..n, 0 for string keys only
 * (or empty); negative after recording an error.  *n gets the key count. */
static int classify_table(opt_walk *w, int idx, size_t *n)
{
    lua_State *L = w->L;
    size_t count = 0, nint = 0;
    lua_Integer max = 0;
    const char *bad = NULL;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        int kt = lua_type(L, -2);
        if (kt == LUA_TNUMBER && lua_isinteger(L, -2)) {
            lua_Integer k = lua_tointeger(L, -2);
            if (k < 1)
                bad = "list indices must start at 1";
            else if (k > max)
                max = k;
            nint++;
        } else if (kt != LUA_TSTRING) {
            bad = kt == LUA_TNUMBER ? "keys must be strings or list indices "
                                      "1..n (found a non-integer number)"
                                    : "keys must be strings or list indices "
                                      "1..n";
        }
        lua_pop(L, 1);
    }
    if (!bad && nint > 0 && nint < count)
        bad = "a table cannot mix list items and named keys";
    if (!bad && nint > 0 && (lua_Unsigned)max != nint)
        bad = "list indices must be 1..n without holes";
    if (bad)
        return walk_fail(w, AMB_ECONFIG, bad);
    *n = count;
    return nint > 0;
}

/* Convert a list table: items in index order. */
static int convert_list(opt_walk *w, int idx, size_t n, amb_opt *node)
{
    lua_State *L = w->L;
    node->type = AMB_OPT_LIST;
    node->items = amb_xcalloc(n, sizeof *node->items);
    node->count = n;
    amb_opt *items = (amb_opt *)node->items;
    for (size_t i = 0; i < n; i++) {
        size_t saved = path_push_index(w, i + 1);
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        int rc = convert_value(w, lua_gettop(L), &items[i]);
        lua_pop(L, 1);
        if (rc < 0)
            return rc;
        path_pop(w, saved);
    }
    return 0;
}

/* Convert a table with string keys: collect and check the keys, sort them,
 * then convert values in key order so that the first error reported does
 * not depend on the table's hash order. */
static int convert_map(opt_walk *w, int idx, size_t n, amb_opt *node)
{
    lua_State *L = w->L;
    node->type = AMB_OPT_MAP;
    node->count = 0;
    if (n == 0)
        return 0;
    node->items = amb_xcalloc(n, sizeof *node->items);
    amb_opt *items = (amb_opt *)node->items;
    size_t i = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        size_t len;
        const char *key = lua_tolstring(L, -2, &len);  /* a string key */
        lua_pop(L, 1);
        if (i >= n)
            continue;   /* cannot happen: the table is not modified */
        int rc = check_string(w, key, len, "keys");
        if (rc < 0) {
            lua_pop(L, 1);
            return rc;
        }
        items[i++].key = amb_xstrndup(key, len);
        node->count = i;
    }
    qsort(items, node->count, sizeof *items, cmp_key);
    for (i = 0; i < node->count; i++) {
        size_t saved = path_push_key(w, items[i].key);
        lua_pushstring(L, items[i].key);
        lua_rawget(L, idx);
        int rc = convert_value(w, lua_gettop(L), &items[i]);
        lua_pop(L, 1);
        if (rc < 0)
            return rc;
        path_pop(w, saved);
    }
    return 0;
}

static int convert_table(opt_walk *w, int idx, amb_opt *node)
{
    const void *self = lua_topointer(w->L, idx);
    for (int i = 0; i < w->depth; i++)
        if (w->tables[i] == self)
            return walk_fail(w, AMB_ECONFIG, "a table that contains itself "
                             "is not allowed in options");
    if (w->depth >= OPT_MAX_DEPTH)
        return walk_fail(w, AMB_ECONFIG, "tables nested deeper than 32 "
                         "levels are not allowed in options");
    luaL_checkstack(w->L, 4, "option tree");
    w->tables[w->depth++] = self;
    size_t n = 0;
    int rc = classify_table(w, idx, &n);
    if (rc == 1)
        rc = convert_list(w, idx, n, node);
    else if (rc == 0)
        rc = convert_map(w, idx, n, node);
    w->depth--;
    return rc;
}

/* Convert the value at absolute index idx into node (whose key the caller
 * has set).  Returns 0 or a negative amb_rc recorded in w. */
static int convert_value(opt_walk *w, int idx, amb_opt *node)
{
    lua_State *L = w->L;
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        node->type = AMB_OPT_NIL;
        return 0;
    case LUA_TBOOLEAN:
        node->type = AMB_OPT_BOOL;
        node->boolean = lua_toboolean(L, idx);
        return 0;
    case LUA_TNUMBER:
        node->type = AMB_OPT_NUMBER;
        node->number = (double)lua_tonumber(L, idx);
        if (!isfinite(node->number))
            return walk_fail(w, AMB_ECONFIG, "numbers in options must be "
                             "finite");
        return 0;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        int rc = check_string(w, s, len, "strings");
        if (rc < 0)
            return rc;
        node->type = AMB_OPT_STRING;
        node->string = amb_xstrndup(s, len);
        return 0;
    }
    case LUA_TTABLE:
        return convert_table(w, idx, node);
    case LUA_TFUNCTION:
        return walk_fail(w, AMB_ECONFIG, "functions are not allowed in "
                         "options");
    case LUA_TTHREAD:
        return walk_fail(w, AMB_ECONFIG, "coroutines are not allowed in "
                         "options");
    default:
        return walk_fail(w, AMB_ECONFIG, "userdata values are not allowed "
                         "in options");
    }
}

/* Protected body of amb_opt_from_lua: (value, walk) on the stack.  Only
 * Lua's own memory errors escape; everything else lands in walk->rc. */
static int opt_walk_body(lua_State *L)
{
    opt_walk *w = lua_touserdata(L, 2);
    convert_value(w, 1, w->root);
    return 0;
}

int amb_opt_from_lua(lua_State *L, int idx, amb_opt **out, amb_error *err)
{
    opt_walk w = {.L = L, .err = err};
    idx = lua_absindex(L, idx);
    if (!lua_checkstack(L, 4))
        return amb_error_set(err, AMB_ENOMEM, "options: Lua stack exhausted");
    w.root = amb_xcalloc(1, sizeof *w.root);
    lua_pushcfunction(L, opt_walk_body);
    lua_pushvalue(L, idx);
    lua_pushlightuserdata(L, &w);
    int status = lua_pcall(L, 2, 0, 0);
    if (status != LUA_OK) {
        const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1)
                                                         : "error";
        w.rc = amb_error_set(err, status == LUA_ERRMEM ? AMB_ENOMEM : AMB_ERR,
                             "options: %s", msg);
        lua_pop(L, 1);
    }
    amb_buf_free(&w.path);
    if (w.rc < 0) {
        amb_opt_free(w.root);
        return w.rc;
    }
    *out = w.root;
    return 0;
}

/* Deep copy of src into dst (dst's old contents are not freed). */
static void opt_copy(amb_opt *dst, const amb_opt *src)
{
    *dst = *src;
    dst->key = amb_xstrdup(src->key);
    dst->string = amb_xstrdup(src->string);
    dst->items = NULL;
    if (src->count) {
        amb_opt *items = amb_xcalloc(src->count, sizeof *items);
        for (size_t i = 0; i < src->count; i++)
            opt_copy(&items[i], &src->items[i]);
        dst->items = items;
    }
}

amb_opt *amb_opt_with_string(const amb_opt *src, const char *key,
                             const char *value)
{
    if (!key || !value || (src && src->type != AMB_OPT_MAP))
        return NULL;
    size_t count = src ? src->count : 0;
    size_t pos = 0;
    int found = 0;
    while (pos < count) {
        const char *k = src->items[pos].key;
        int c = strcmp(k ? k : "", key);
        if (c == 0)
            found = 1;
        if (c >= 0)
            break;
        pos++;
    }
    amb_opt *dst = amb_xcalloc(1, sizeof *dst);
    dst->type = AMB_OPT_MAP;
    dst->key = src ? amb_xstrdup(src->key) : NULL;
    dst->count = found ? count : count + 1;
    amb_opt *items = amb_xcalloc(dst->count, sizeof *items);
    dst->items = items;
    for (size_t i = 0, j = 0; i < dst->count; i++) {
        if (i == pos) {
            items[i].type = AMB_OPT_STRING;
            items[i].key = amb_xstrdup(key);
            items[i].string = amb_xstrdup(value);
            if (found)
                j++;
        } else {
            opt_copy(&items[i], &src->items[j++]);
        }
    }
    return dst;
}

/* The fewest significant digits (15..17) that print d so that it reads
 * back exactly. */
static int real_digits(double d)
{
    char buf[40];
    for (int p = 15; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, d);
        if (strtod(buf, NULL) == d)
            return p;
    }
    return 17;
}

/* A jansson value for node, or NULL when a string is not valid UTF-8.
 * *digits grows to the precision the reals in the tree need. */
static json_t *opt_json(const amb_opt *node, int *digits)
{
    json_t *j = NULL;
    switch (node->type) {
    case AMB_OPT_NIL:
        return json_null();
    case AMB_OPT_BOOL:
        return json_boolean(node->boolean);
    case AMB_OPT_NUMBER:
        if (!isfinite(node->number))
            return json_null();
        if (node->number == floor(node->number) &&
            fabs(node->number) < 9007199254740992.0)
            return json_integer((json_int_t)node->number);
        if (real_digits(node->number) > *digits)
            *digits = real_digits(node->number);
        return json_real(node->number);
    case AMB_OPT_STRING:
        return json_string(node->string ? node->string : "");
    case AMB_OPT_LIST:
        j = json_array();
        for (size_t i = 0; j && i < node->count; i++) {
            json_t *item = opt_json(&node->items[i], digits);
            if (!item || json_array_append_new(j, item) != 0) {
                json_decref(j);
                j = NULL;
            }
        }
        return j;
    case AMB_OPT_MAP:
        j = json_object();
        for (size_t i = 0; j && i < node->count; i++) {
            const amb_opt *item = &node->items[i];
            json_t *v = opt_json(item, digits);
            if (!v || json_object_set_new(j, item->key ? item->key : "",
                                          v) != 0) {
                json_decref(j);
                j = NULL;
            }
        }
        return j;
    }
    return NULL;
}

char *amb_opt_to_json(const amb_opt *opt)
{
    if (!opt)
        return amb_xstrdup("null");
    int digits = 15;
    json_t *j = opt_json(opt, &digits);
    if (!j)
        return NULL;
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY |
                             JSON_REAL_PRECISION(digits));
    json_decref(j);
    return s;
}
