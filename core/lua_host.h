/*
 * lua_host.h - the sandboxed Lua 5.4 state every config, rule and form runs
 * in.
 *
 * The sandbox: base functions without dofile, loadfile, require and with a
 * load() that accepts text chunks only; string (without string.dump), table,
 * math, utf8, coroutine; os with clock, time, date and difftime only; no io,
 * package, debug.  A custom lua_Alloc enforces a memory cap over the whole
 * state; a count hook enforces an instruction budget that restarts at every
 * amb_lua_call()/amb_lua_run_*().  Errors come back as "file:line: message".
 *
 * Also in the sandbox: print() writes one "lua: ..." line to stderr (stdout
 * belongs to the CLI's output); setmetatable() refuses __gc (finalizers run
 * outside the budget); collectgarbage() allows "collect", "step", "count"
 * and "isrunning" only; warn is absent.  A limit error (memory or budget)
 * cannot be caught by the script: pcall, xpcall and coroutines only delay it
 * by one instruction.  After any error the state stays usable; memory a
 * failed script left reachable from globals stays in use.
 *
 * amb_lua_run_*() and amb_lua_call() work on the stack of amb_lua_state();
 * a C function registered in the sandbox that calls back into Lua through
 * them shares the budget of the call it runs in.  They return 0, or
 * AMB_EPARSE (syntax, binary chunk), AMB_ERR (runtime error), AMB_ELIMIT
 * (memory cap, instruction budget), AMB_EIO (file) with err filled, and
 * leave nothing on the stack on failure.
 */
#ifndef AMB_LUA_HOST_H
#define AMB_LUA_HOST_H

#include <stdint.h>
#include <lua.h>

#include "util.h"

#define AMB_LUA_DEFAULT_MEMORY (64u * 1024u * 1024u)
#define AMB_LUA_DEFAULT_BUDGET 1000000000ull   /* VM instructions per call */

typedef struct amb_lua_limits {
    size_t memory_bytes;      /* 0 = AMB_LUA_DEFAULT_MEMORY */
    uint64_t instructions;    /* 0 = AMB_LUA_DEFAULT_BUDGET */
} amb_lua_limits;

typedef struct amb_lua amb_lua;

/* A fresh sandboxed state; limits may be NULL for the defaults. */
int amb_lua_new(const amb_lua_limits *limits, amb_lua **out, amb_error *err);
void amb_lua_free(amb_lua *lh);                  /* NULL is fine */
/* The raw state, borrowed, to register functions and read results. */
lua_State *amb_lua_state(amb_lua *lh);
/* The amb_lua that owns L (for C functions registered in the sandbox). */
amb_lua *amb_lua_from_state(lua_State *L);

/* Load a text chunk from a file (chunk name "@path" so errors read
 * "path:line: ...") and run it, leaving nresults values on the stack
 * (LUA_MULTRET allowed). */
int amb_lua_run_file(amb_lua *lh, const char *path, int nresults,
                     amb_error *err);
/* Same for a string; name is what error messages show as the file. */
int amb_lua_run_string(amb_lua *lh, const char *code, const char *name,
                       int nresults, amb_error *err);
/* Call the function under nargs arguments on the stack (lua_pcall
 * discipline) with a fresh instruction budget and a traceback-free error
 * "file:line: message". */
int amb_lua_call(amb_lua *lh, int nargs, int nresults, amb_error *err);

/* Bytes in use / peak, for diagnostics and tests. */
size_t amb_lua_memory_used(amb_lua *lh);
size_t amb_lua_memory_peak(amb_lua *lh);

#endif
