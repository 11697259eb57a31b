/*
 * lua_host.c - the sandboxed Lua 5.4 state (see lua_host.h for the rules a
 * script lives under).
 *
 * Limits and how they hold:
 *  - Memory: sandbox_alloc() counts every byte the state holds and refuses
 *    growth past the cap.  Once a refusal turns into a memory error (Lua's
 *    emergency collection did not help, or there was none), all growth is
 *    refused until the top-level call returns and the count hook raises at
 *    every instruction, so a script that catches "not enough memory" with
 *    pcall cannot carry on: the call fails with "memory limit exceeded".
 *  - Instructions: a count hook every HOOK_STEP instructions adds up the work
 *    of the current top-level call.  Past the budget it switches itself (and
 *    the main thread) to fire on every instruction and raise each time, so no
 *    pcall, xpcall or coroutine.resume can swallow the error for more than
 *    one instruction; threads created before that pick up the same state at
 *    their next tick.
 *
 * Lua runs some code with hooks off, which would escape the budget; the
 * sandbox closes each such door:
 *  - __gc finalizers (lgc.c runs them unhooked): setmetatable refuses a
 *    metatable with a __gc field, the only moment Lua marks an object for
 *    finalization.
 *  - a message handler called for an error the hook raised runs inside the
 *    hook: xpcall wraps its handler in a C guard that, once a limit is hit,
 *    passes the error through without calling the Lua handler.
 *  - a coroutine killed by the hook keeps hooks off for good, and closing it
 *    would run its to-be-closed variables unhooked: coroutine.wrap and
 *    coroutine.close skip that closing once the hook has ever raised in the
 *    state (the variables are simply not closed).
 * C functions that do much work in one instruction (string.rep, pattern
 * matching, a full garbage collection) are bounded by the memory cap, not by
 * the budget; callers that need a wall-clock limit add their own.
 *
 * After a limit error the state stays valid: it can be freed, and later calls
 * get a fresh budget and an allocator that grants memory again.  Memory still
 * referenced from globals stays in use, so callers that want a clean slate
 * after a limit error make a new state.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lua_host.h"

/* Instructions between two budget checks. */
#define HOOK_STEP 1000

static void sandbox_hook(lua_State *L, lua_Debug *ar);

struct amb_lua {
    lua_State *L;
    size_t mem_cap;       /* bytes the state may hold */
    size_t mem_used;      /* bytes it holds now */
    size_t mem_peak;
    uint64_t budget;      /* instructions per top-level call */
    uint64_t executed;    /* instructions counted in the current call */
    int depth;            /* nesting of amb_lua_run_* / amb_lua_call */
    int refused;          /* the last growth request was refused: */
    void *refused_ptr;    /* ... this one, recognised when Lua retries it */
    size_t refused_osize, refused_nsize;
    int mem_hit;          /* a memory error happened in the current call */
    int exhausted;        /* the budget ran out in the current call */
    int hook_raised;      /* the hook has raised at least once (sticky) */
};

/* 1 once the current call has hit a limit: no more Lua code may run.  A
 * refusal still pending when Lua code runs was not retried: it is an error. */
static int limit_hit(const amb_lua *lh)
{
    return lh->exhausted || lh->mem_hit || lh->refused;
}

/* The lua_Alloc of every sandbox: plain malloc with a byte count, refusing
 * growth beyond the cap.  Lua answers some refusals with an emergency
 * collection and the very same request again; any other request after a
 * refusal means that refusal became a memory error, and from then on all
 * growth is refused until the top-level call returns (mem_hit).  Between
 * calls (C code only) just the cap applies.  Shrinking and freeing always
 * succeed, as Lua requires. */
static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    amb_lua *lh = ud;
    size_t old = ptr ? osize : 0;   /* osize is a type tag when ptr is NULL */

    if (nsize == 0) {
        free(ptr);
        lh->mem_used -= old;
        return NULL;
    }
    if (nsize > old) {
        int fits = nsize - old <= lh->mem_cap - lh->mem_used;
        int retry = lh->refused && ptr == lh->refused_ptr &&
                    osize == lh->refused_osize && nsize == lh->refused_nsize;
        if (lh->depth == 0) {               /* C code between calls */
            if (!fits)
                return NULL;
        } else if (lh->mem_hit || !fits || (lh->refused && !retry)) {
            if (lh->refused && !lh->mem_hit) {
                lh->mem_hit = 1;
                /* Have the main thread raise at its next instruction: the
                 * asynchronous use lua.c makes of lua_sethook (signals). */
                lua_sethook(lh->L, sandbox_hook, LUA_MASKCOUNT, 1);
            }
            lh->refused = 1;
            lh->refused_ptr = ptr;
            lh->refused_osize = osize;
            lh->refused_nsize = nsize;
            return NULL;
        }
        lh->refused = 0;
    }
    void *p = realloc(ptr, nsize);
    if (!p) {
        if (nsize > old)
            return NULL;
        p = ptr;    /* a failed shrink keeps the larger block */
    }
    lh->mem_used = lh->mem_used - old + nsize;
    if (lh->mem_used > lh->mem_peak)
        lh->mem_peak = lh->mem_used;
    return p;
}

/* Render a byte count the way limits are configured: "64 MiB", "512 KiB"
 * or "1000 bytes". */
static void format_bytes(size_t n, char out[48])
{
    if (n >= 1024u * 1024u && n % (1024u * 1024u) == 0)
        snprintf(out, 48, "%zu MiB", n / (1024u * 1024u));
    else if (n >= 1024u && n % 1024u == 0)
        snprintf(out, 48, "%zu KiB", n / 1024u);
    else
        snprintf(out, 48, "%zu bytes", n);
}

/* The count hook: adds up instructions and raises once a limit is gone.
 * Raising is repeated at every instruction until the top-level call ends. */
static void sandbox_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    amb_lua *lh = amb_lua_from_state(L);
    int step = lua_gethookcount(L);

    if (lh->refused)
        lh->mem_hit = 1;
    if (!limit_hit(lh)) {
        lh->executed += (uint64_t)step;
        if (lh->executed <= lh->budget) {
            if (step != HOOK_STEP)   /* a thread left in raise mode */
                lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, HOOK_STEP);
            return;
        }
        lh->exhausted = 1;
    }
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
    if (L != lh->L)
        lua_sethook(lh->L, sandbox_hook, LUA_MASKCOUNT, 1);
    lh->hook_raised = 1;
    /* Level 0 inside a hook is the running Lua function itself. */
    luaL_where(L, 0);
    if (lh->mem_hit) {
        char lim[48];
        format_bytes(lh->mem_cap, lim);
        lua_pushfstring(L, "memory limit of %s exceeded", lim);
    } else {
        char num[32];
        snprintf(num, sizeof num, "%llu", (unsigned long long)lh->budget);
        lua_pushfstring(L, "instruction budget of %s exceeded", num);
    }
    lua_concat(L, 2);
    lua_error(L);
}

/* Called by Lua only when an error escapes every protected call, which the
 * entry points below never allow; say what happened before Lua aborts. */
static int sandbox_panic(lua_State *L)
{
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1)
                                                     : "(non-string error)";
    fprintf(stderr, "ambit: unprotected Lua error: %s\n", msg);
    return 0;
}

/* print(...): one line on stderr, "lua: " then the values separated by
 * tabs.  Scripts never write to stdout, which belongs to the CLI's output
 * (--json, CSV); stderr is where diagnostics already go. */
static int sandbox_print(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "lua: ");
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *line = lua_tolstring(L, -1, &len);
    fwrite(line, 1, len, stderr);
    fflush(stderr);
    return 0;
}

/* Call the function a wrapper replaces (upvalue 1) with the whole stack as
 * arguments; returns the number of results, all left on the stack. */
static int call_original(lua_State *L)
{
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* load(chunk [, chunkname [, mode [, env]]]) with the mode forced to "t":
 * the real load (upvalue 1) then refuses binary chunks with "attempt to
 * load a binary chunk (mode is 't')".  Without env the chunk gets the
 * sandbox's globals, like any other code in the state. */
static int sandbox_load(lua_State *L)
{
    int has_env = !lua_isnone(L, 4);
    lua_settop(L, 4);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    if (!has_env)
        lua_settop(L, 3);
    return call_original(L);
}

/* collectgarbage with the options "collect", "step", "count" and
 * "isrunning" only.  "stop" and the tuning options would let one script
 * starve every later call in the same state of memory. */
static int sandbox_collectgarbage(lua_State *L)
{
    static const char *const allowed[] = {"collect", "step", "count",
                                          "isrunning", NULL};
    luaL_checkoption(L, 1, "collect", allowed);
    return call_original(L);
}

/* setmetatable refusing a metatable with a __gc field: Lua runs
 * finalizers with hooks off, beyond the instruction budget. */
static int sandbox_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: __gc metamethods are not "
                              "available in the sandbox");
        lua_pop(L, 1);
    }
    call_original(L);
    lua_settop(L, 1);
    return 1;
}

/* The message handler xpcall really gets: calls the script's handler
 * (upvalue 1) unless a limit has been hit, in which case it may be running
 * inside the hook with hooks off, and the error passes through as is. */
static int sandbox_msgh_guard(lua_State *L)
{
    if (limit_hit(amb_lua_from_state(L))) {
        lua_settop(L, 1);
        return 1;
    }
    call_original(L);
    lua_settop(L, 1);
    return 1;
}

/* Continuation that returns everything on the stack. */
static int return_all(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    return lua_gettop(L);
}

/* xpcall(f, msgh, ...) with msgh behind sandbox_msgh_guard; the real
 * xpcall is upvalue 1.  lua_callk keeps it yieldable, like the original. */
static int sandbox_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, sandbox_msgh_guard, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_callk(L, n, LUA_MULTRET, 0, return_all);
    return lua_gettop(L);
}

/* 1 if co died from an error. */
static int thread_failed(lua_State *co)
{
    int st = lua_status(co);
    return st != LUA_OK && st != LUA_YIELD;
}

/* Close the to-be-closed variables of a thread that died from an error,
 * leaving the new error object on its stack; returns 1 if it did.  Not once
 * the hook has raised in the state: the thread may be one the hook killed,
 * which runs with hooks off for good. */
static int close_failed_thread(lua_State *L, lua_State *co)
{
    if (!thread_failed(co) || amb_lua_from_state(L)->hook_raised)
        return 0;
#if LUA_VERSION_RELEASE_NUM >= 50406
    lua_closethread(co, L);
#else
    lua_resetthread(co);
#endif
    return 1;
}

/* The function coroutine.wrap returns: resume the thread (upvalue 1), give
 * back what it yields or returns, raise what it raises (with the caller's
 * position, like the original). */
static int sandbox_wrapped(lua_State *L)
{
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int n = lua_gettop(L), nres;
    if (!lua_checkstack(co, n))
        return luaL_error(L, "too many arguments to resume");
    lua_xmove(L, co, n);
    int st = lua_resume(co, L, n, &nres);
    if (st == LUA_OK || st == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            return luaL_error(L, "too many results to resume");
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    if (close_failed_thread(L, co))
        lua_xmove(co, L, 1);
    if (st != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int sandbox_co_wrap(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, sandbox_wrapped, 1);
    return 1;
}

/* coroutine.close(co): the original (upvalue 1), except for a thread that
 * died from an error after the hook has raised in the state: report
 * false and its error without running its to-be-closed variables. */
static int sandbox_co_close(lua_State *L)
{
    lua_State *co = lua_tothread(L, 1);
    if (co && thread_failed(co) && amb_lua_from_state(L)->hook_raised) {
        lua_pushboolean(L, 0);
        if (lua_gettop(co) > 0 && lua_checkstack(co, 1)) {
            lua_pushvalue(co, -1);
            lua_xmove(co, L, 1);
        } else {
            lua_pushnil(L);
        }
        return 2;
    }
    return call_original(L);
}

/* Replace field name of the table at idx by a C closure over the original
 * value. */
static void wrap_field(lua_State *L, int idx, const char *name,
                       lua_CFunction fn)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, idx, name);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, idx, name);
}

/* Build the sandbox in the fresh state; runs under lua_pcall so that a
 * memory limit too small for the libraries comes back as an error. */
static int sandbox_open(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},         {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table},   {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},   {LUA_COLIBNAME, luaopen_coroutine},
        {NULL, NULL}};
    static const char *const removed[] = {"dofile", "loadfile", "require",
                                          "warn", NULL};
    static const char *const os_kept[] = {"clock", "time", "date",
                                          "difftime", NULL};

    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    for (int i = 0; removed[i]; i++) {
        lua_pushnil(L);
        lua_setglobal(L, removed[i]);
    }
    lua_pushglobaltable(L);
    wrap_field(L, -1, "load", sandbox_load);
    wrap_field(L, -1, "collectgarbage", sandbox_collectgarbage);
    wrap_field(L, -1, "setmetatable", sandbox_setmetatable);
    wrap_field(L, -1, "xpcall", sandbox_xpcall);
    lua_pop(L, 1);
    lua_getglobal(L, LUA_COLIBNAME);
    lua_pushcfunction(L, sandbox_co_wrap);
    lua_setfield(L, -2, "wrap");
    wrap_field(L, -1, "close", sandbox_co_close);
    lua_pop(L, 1);
    lua_pushcfunction(L, sandbox_print);
    lua_setglobal(L, "print");

    /* The string table is also the __index of every string's metatable,
     * so this removes ("x").dump as well. */
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);

    /* os: a new table with four functions copied from a private instance
     * of the real library, which is then dropped (never registered). */
    lua_pushcfunction(L, luaopen_os);
    lua_call(L, 0, 1);
    lua_createtable(L, 0, 4);
    for (int i = 0; os_kept[i]; i++) {
        lua_getfield(L, -2, os_kept[i]);
        lua_setfield(L, -2, os_kept[i]);
    }
    lua_setglobal(L, "os");
    lua_pop(L, 1);
    return 0;
}

int amb_lua_new(const amb_lua_limits *limits, amb_lua **out, amb_error *err)
{
    amb_lua *lh = amb_xcalloc(1, sizeof *lh);
    lh->mem_cap = limits && limits->memory_bytes ? limits->memory_bytes
                                                 : AMB_LUA_DEFAULT_MEMORY;
    lh->budget = limits && limits->instructions ? limits->instructions
                                                : AMB_LUA_DEFAULT_BUDGET;
    char lim[48];
    format_bytes(lh->mem_cap, lim);

    lua_State *L = lua_newstate(sandbox_alloc, lh);
    if (!L) {
        free(lh);
        return amb_error_set(err, AMB_ELIMIT, "cannot create a Lua state "
                             "within the memory limit of %s", lim);
    }
    lh->L = L;
    *(amb_lua **)lua_getextraspace(L) = lh;   /* copied into new threads */
    lua_atpanic(L, sandbox_panic);
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, HOOK_STEP);
    lua_pushcfunction(L, sandbox_open);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        int rc = amb_error_set(err, AMB_ELIMIT, "cannot set up the Lua "
                               "sandbox within the memory limit of %s", lim);
        amb_lua_free(lh);
        return rc;
    }
    lh->mem_hit = lh->refused = 0;
    *out = lh;
    return 0;
}

void amb_lua_free(amb_lua *lh)
{
    if (!lh)
        return;
    lua_close(lh->L);   /* runs no Lua code: scripts cannot set __gc */
    free(lh);
}

lua_State *amb_lua_state(amb_lua *lh)
{
    return lh->L;
}

amb_lua *amb_lua_from_state(lua_State *L)
{
    return *(amb_lua **)lua_getextraspace(L);
}

size_t amb_lua_memory_used(amb_lua *lh)
{
    return lh->mem_used;
}

size_t amb_lua_memory_peak(amb_lua *lh)
{
    return lh->mem_peak;
}

/* Start of a top-level run or call: fresh budget and allocator state.
 * Nested entries (a C function calling back into Lua) share the budget of
 * the outermost call. */
static void call_enter(amb_lua *lh)
{
    if (lh->depth++ > 0)
        return;
    lh->executed = 0;
    lh->exhausted = 0;
    lh->mem_hit = lh->refused = 0;
    lua_sethook(lh->L, sandbox_hook, LUA_MASKCOUNT, HOOK_STEP);
}

/* End of a run or call: C code may allocate again. */
static void call_leave(amb_lua *lh)
{
    if (--lh->depth == 0)
        lh->mem_hit = lh->refused = 0;
}

/* Message handler: string errors already carry "file:line:" (error() and
 * luaL_error add it); any other error object is rendered through its
 * __tostring or as "(error object is a X value)" and given the position of
 * the nearest Lua function.  No traceback. */
static int sandbox_msgh(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING)
        return 1;
    lua_Debug ar;
    int level = 1;
    lua_pushliteral(L, "");
    while (lua_getstack(L, level++, &ar)) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline > 0) {
            lua_pop(L, 1);
            lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
            break;
        }
    }
    if (limit_hit(amb_lua_from_state(L)) ||
        !luaL_callmeta(L, 1, "__tostring") ||
        lua_type(L, -1) != LUA_TSTRING) {
        lua_settop(L, 2);
        lua_pushfstring(L, "(error object is a %s value)",
                        luaL_typename(L, 1));
    }
    lua_concat(L, 2);
    return 1;
}

/* Turn the status of a load or pcall into 0 or an amb_rc with a message.
 * what names the chunk for errors that have no position of their own.  On
 * failure the stack is cut back to base. */
static int call_result(amb_lua *lh, int status, int base, const char *what,
                       amb_error *err)
{
    lua_State *L = lh->L;
    const char *msg = status != LUA_OK && lua_type(L, -1) == LUA_TSTRING
                          ? lua_tostring(L, -1) : NULL;
    char lim[48];
    int rc = 0;

    format_bytes(lh->mem_cap, lim);
    if (lh->mem_hit || lh->refused)
        rc = amb_error_set(err, AMB_ELIMIT, "%s: memory limit of %s exceeded",
                           what, lim);
    else if (lh->exhausted && msg && strstr(msg, "instruction budget of"))
        rc = amb_error_set(err, AMB_ELIMIT, "%s", msg);
    else if (lh->exhausted)
        rc = amb_error_set(err, AMB_ELIMIT, "%s: instruction budget of %llu "
                           "exceeded", what, (unsigned long long)lh->budget);
    else if (status == LUA_ERRMEM)
        rc = amb_error_set(err, AMB_ENOMEM, "%s: out of memory", what);
    else if (status != LUA_OK && msg)
        rc = amb_error_set(err, status == LUA_ERRSYNTAX ? AMB_EPARSE : AMB_ERR,
                           "%s", msg);
    else if (status != LUA_OK)
        rc = amb_error_set(err, AMB_ERR, "%s: (error object is a %s value)",
                           what, luaL_typename(L, -1));
    if (rc < 0)
        lua_settop(L, base);
    return rc;
}

/* Call the function at base+1 with nargs arguments above it under the
 * message handler.  The caller has entered the call. */
static int protected_call(amb_lua *lh, int base, int nargs, int nresults,
                          const char *what, amb_error *err)
{
    lua_State *L = lh->L;
    lua_pushcfunction(L, sandbox_msgh);
    lua_insert(L, base + 1);
    int status = lua_pcall(L, nargs, nresults, base + 1);
    lua_remove(L, base + 1);
    return call_result(lh, status, base, what, err);
}

/* Load a text chunk and run it; name is the display name ("path"), the
 * chunk name is "@name" so that Lua's positions read "name:line:". */
static int run_buffer(amb_lua *lh, const char *code, size_t len,
                      const char *name, int nresults, amb_error *err)
{
    lua_State *L = lh->L;
    if (len > 0 && code[0] == LUA_SIGNATURE[0])
        return amb_error_set(err, AMB_EPARSE, "%s: refusing a binary chunk "
                             "(only Lua source text is allowed)", name);
    if (!lua_checkstack(L, 3))
        return amb_error_set(err, AMB_ENOMEM, "%s: Lua stack exhausted", name);
    int base = lua_gettop(L);
    char *chunkname = amb_xasprintf("@%s", name);
    call_enter(lh);
    int status = luaL_loadbufferx(L, code, len, chunkname, "t");
    int rc;
    if (status != LUA_OK)
        rc = call_result(lh, status, base, name, err);
    else
        rc = protected_call(lh, base, 0, nresults, name, err);
    call_leave(lh);
    free(chunkname);
    return rc;
}

int amb_lua_run_file(amb_lua *lh, const char *path, int nresults,
                     amb_error *err)
{
    char *code;
    size_t len;
    int rc = amb_read_file(path, lh->mem_cap, &code, &len, err);
    if (rc < 0)
        return rc;
    rc = run_buffer(lh, code, len, path, nresults, err);
    free(code);
    return rc;
}

int amb_lua_run_string(amb_lua *lh, const char *code, const char *name,
                       int nresults, amb_error *err)
{
    return run_buffer(lh, code, strlen(code), name ? name : "(string)",
                      nresults, err);
}

int amb_lua_call(amb_lua *lh, int nargs, int nresults, amb_error *err)
{
    lua_State *L = lh->L;
    int base = lua_gettop(L) - nargs - 1;
    if (nargs < 0 || base < 0)
        return amb_error_set(err, AMB_EUSAGE, "amb_lua_call: no function "
                             "below %d arguments on the stack", nargs);
    if (!lua_checkstack(L, 2)) {
        lua_settop(L, base);
        return amb_error_set(err, AMB_ENOMEM, "amb_lua_call: Lua stack "
                             "exhausted");
    }
    /* Name the function's chunk for errors without a position. */
    char what[LUA_IDSIZE + 8] = "lua";
    lua_Debug ar;
    if (lua_type(L, base + 1) == LUA_TFUNCTION) {
        lua_pushvalue(L, base + 1);
        if (lua_getinfo(L, ">S", &ar) && ar.what[0] != 'C')
            snprintf(what, sizeof what, "%s", ar.short_src);
    }
    call_enter(lh);
    int rc = protected_call(lh, base, nargs, nresults, what, err);
    call_leave(lh);
    return rc;
}
