/*
 * test_lua.c - the Lua sandbox (lua_host.c), the workspace config (conf.c)
 * and option trees (opt.c).
 */
#include "config.h"

#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "lua_host.h"
#include "testutil.h"

#define MIB (1024u * 1024u)

/* String equality that shows both strings when they differ. */
#define ASSERT_MSG(got, want)                                              \
    do {                                                                   \
        if (strcmp((got), (want)) != 0)                                    \
            fprintf(stderr, "\n got: %s\nwant: %s\n", (got), (want));      \
        CU_ASSERT_STRING_EQUAL((got), (want));                             \
    } while (0)

static amb_lua *new_lua(size_t memory, uint64_t budget)
{
    amb_lua_limits lim = {memory, budget};
    amb_lua *lh = NULL;
    amb_error err;
    CU_ASSERT_FATAL(amb_lua_new(&lim, &lh, &err) == 0);
    return lh;
}

/* Run code that returns one value; 1 if it returned true. */
static int lua_true(amb_lua *lh, const char *code)
{
    amb_error err = {{0}};
    lua_State *L = amb_lua_state(lh);
    int top = lua_gettop(L);
    int rc = amb_lua_run_string(lh, code, "check.lua", 1, &err);
    if (rc < 0) {
        fprintf(stderr, "\n%s: %s\n", code, err.msg);
        return 0;
    }
    int ok = lua_toboolean(L, -1);
    lua_settop(L, top);
    if (!ok)
        fprintf(stderr, "\nnot true: %s\n", code);
    return ok;
}

/* Run code expecting failure; returns the rc and leaves the message. */
static int lua_fail(amb_lua *lh, const char *code, const char *name,
                    amb_error *err)
{
    lua_State *L = amb_lua_state(lh);
    int top = lua_gettop(L);
    int rc = amb_lua_run_string(lh, code, name, 0, err);
    CU_ASSERT_EQUAL(lua_gettop(L), top);
    return rc;
}

/* ---------------------------------------------------------------- sandbox */

static void test_sandbox_globals(void)
{
    static const char *const checks[] = {
        "return io == nil and package == nil and debug == nil",
        "return require == nil and dofile == nil and loadfile == nil",
        "return not pcall(function() return io.open('/etc/passwd') end)",
        "return os.execute == nil and os.getenv == nil and os.exit == nil",
        "return os.remove == nil and os.rename == nil and os.tmpname == nil"
        " and os.setlocale == nil",
        "local n = 0 for _ in pairs(os) do n = n + 1 end return n == 4",
        "return math.type(os.time()) == 'integer' and os.clock() >= 0 and "
        "#os.date('!%Y-%m-%d', 0) == 10 and os.difftime(5, 2) == 3",
        "return string.dump == nil and ('x').dump == nil and "
        "getmetatable('').__index.dump == nil",
        "return load('return 1+1')() == 2",
        "return load('return x', 'c', 't', {x = 5})() == 5",
        "return load('return 7', 'c', 'b')() == 7",   /* mode forced to t */
        "local parts = {'return ', '4'} local i = 0 return load(function()"
        " i = i + 1 return parts[i] end)() == 4",
        "return math.pi > 3 and utf8.char(229) == '\\u{E5}' and "
        "table.concat({1, 2}, ',') == '1,2' and coroutine.wrap(function() "
        "return 3 end)() == 3 and ('%d'):format(7) == '7'",
        "return type(collectgarbage('count')) == 'number' and "
        "collectgarbage() == 0",
        "return not pcall(collectgarbage, 'stop') and "
        "not pcall(collectgarbage, 'generational')",
        "return warn == nil and type(print) == 'function'",
        /* xpcall and coroutine.wrap are replaced: they still behave */
        "local ok, m = xpcall(error, function(e) return 'got ' .. e end, 'x')"
        " return not ok and m == 'got x'",
        "local f = coroutine.wrap(function(a) local b = coroutine.yield(a + 1)"
        " return b * 2 end) return f(1) == 2 and f(10) == 20 and "
        "not pcall(f)",
        "return coroutine.wrap(function() return xpcall(function() "
        "coroutine.yield(1) end, print) end)() == 1",
        "local closed local f = coroutine.wrap(function() local x <close> = "
        "setmetatable({}, {__close = function() closed = true end}) "
        "error('inner') end) local ok, e = pcall(f) return not ok and "
        "e:find('inner') and closed",
        "local co = coroutine.create(function() coroutine.yield() end) "
        "coroutine.resume(co) return coroutine.close(co) and "
        "coroutine.status(co) == 'dead'",
        "return getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a"
        " == 1",
        "return not pcall(setmetatable, {}, {__gc = function() end})",
    };
    amb_lua *lh = new_lua(0, 0);
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
        CU_ASSERT(lua_true(lh, checks[i]));
    amb_lua_free(lh);
}

static void test_binary_chunks(void)
{
    amb_lua *lh = new_lua(0, 0);
    /* The header of a Lua 5.4 binary chunk, built by hand since string.dump
     * is gone. */
    CU_ASSERT(lua_true(lh, "local b = '\\27Lua\\x54\\0\\x19\\x93\\r\\n\\x1a\\n"
                           "\\4\\8\\8' local f, e = load(b) return f == nil "
                           "and e:find('binary chunk') ~= nil"));
    CU_ASSERT(lua_true(lh, "local f, e = load('\\27LuaT\\0', 'x', 'b') "
                           "return f == nil and e:find('binary chunk') ~= nil"));
    amb_error err;
    CU_ASSERT_EQUAL(lua_fail(lh, "\x1bLuaT\x00", "bin.luac", &err),
                    AMB_EPARSE);
    ASSERT_MSG(err.msg, "bin.luac: refusing a binary chunk (only "
                           "Lua source text is allowed)");
    char *dir = amb_test_tmpdir("lua");
    char *path = amb_test_write(dir, "x.luac", "\x1bLuaT\x00\x19", 7);
    CU_ASSERT_EQUAL(amb_lua_run_file(lh, path, 0, &err), AMB_EPARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "binary chunk"));
    free(path);
    amb_test_rmtree(dir);
    free(dir);
    amb_lua_free(lh);
}

static void test_print_goes_to_stderr(void)
{
    amb_lua *lh = new_lua(0, 0);
    char *dir = amb_test_tmpdir("lua");
    char *out = amb_path_join(dir, "out"), *errp = amb_path_join(dir, "err");
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CU_ASSERT_FATAL(saved_out >= 0 && saved_err >= 0 && fo >= 0 && fe >= 0);
    dup2(fo, 1);
    dup2(fe, 2);
    amb_error err;
    int rc = amb_lua_run_string(lh, "print('a', 1, nil, true)", "p.lua", 0,
                                &err);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    close(fo);
    close(fe);
    CU_ASSERT_EQUAL(rc, 0);
    char *data;
    size_t len;
    CU_ASSERT_FATAL(amb_read_file(errp, 4096, &data, &len, NULL) == 0);
    CU_ASSERT_STRING_EQUAL(data, "lua: a\t1\tnil\ttrue\n");
    free(data);
    CU_ASSERT_FATAL(amb_read_file(out, 4096, &data, &len, NULL) == 0);
    CU_ASSERT_EQUAL(len, 0);
    free(data);
    free(out);
    free(errp);
    amb_test_rmtree(dir);
    free(dir);
    amb_lua_free(lh);
}

/* ----------------------------------------------------------------- limits */

static void test_budget_stops_endless_loop(void)
{
    amb_lua *lh = new_lua(0, 100000);
    amb_error err;
    CU_ASSERT_EQUAL(lua_fail(lh, "local x = 0\nwhile true do x = x + 1 end\n",
                             "loop.lua", &err), AMB_ELIMIT);
    ASSERT_MSG(err.msg, "loop.lua:2: instruction budget of "
                           "100000 exceeded");
    amb_lua_free(lh);
}

static void test_budget_survives_pcall(void)
{
    static const char *const scripts[] = {
        "local n = 0\nwhile true do\n  pcall(function() while true do end "
        "end)\n  n = n + 1\nend\n",
        "while true do xpcall(function() while true do end end, "
        "function(m) return m end) end",
        "while true do pcall(error, 'x') pcall(pcall, function() while true "
        "do end end) end",
        "while true do coroutine.resume(coroutine.create(function() while "
        "true do end end)) end",
        "local co = coroutine.wrap(function() while true do pcall(function()"
        " while true do end end) end end)\nwhile true do pcall(co) end",
        "while true do xpcall(error, function() while true do end end) end",
        "local t = setmetatable({}, {__index = function() while true do end "
        "end})\nwhile true do pcall(function() return t.x end) end",
        /* Lua calls these with hooks off after the hook raised */
        "while true do xpcall(error, function() while true do end end) end",
        "while true do xpcall(function() while true do end end, function() "
        "while true do end end) end",
        "local f = coroutine.wrap(function() local x <close> = setmetatable("
        "{}, {__close = function() while true do end end}) while true do end"
        " end)\nf()",
        "kept = coroutine.create(function() local x <close> = setmetatable("
        "{}, {__close = function() while true do end end}) while true do end"
        " end)\ncoroutine.resume(kept)",
        "error(setmetatable({}, {__tostring = function() while true do end "
        "end}))",
    };
    amb_lua *lh = new_lua(0, 200000);
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
        amb_error err;
        CU_ASSERT_EQUAL(lua_fail(lh, scripts[i], "trap.lua", &err),
                        AMB_ELIMIT);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "instruction budget of 200000 "
                                      "exceeded"));
        CU_ASSERT_NSTRING_EQUAL(err.msg, "trap.lua:", 9);
    }
    /* The state is usable after the budget ran out, with a fresh budget;
     * the coroutine the hook killed is closed without running its
     * to-be-closed variable (it would run with hooks off). */
    CU_ASSERT(lua_true(lh, "return 1 + 1 == 2"));
    CU_ASSERT(lua_true(lh, "local ok, e = coroutine.close(kept) return not "
                           "ok and e:find('instruction budget') ~= nil"));
    /* __gc finalizers would run with hooks off: refused. */
    amb_error err;
    CU_ASSERT_EQUAL(lua_fail(lh, "\nsetmetatable({}, {__gc = function() "
                             "while true do end end})", "gc.lua", &err),
                    AMB_ERR);
    ASSERT_MSG(err.msg, "gc.lua:2: setmetatable: __gc metamethods "
                           "are not available in the sandbox");
    amb_lua_free(lh);
}

static void test_budget_is_per_call(void)
{
    amb_lua *lh = new_lua(0, 200000);
    lua_State *L = amb_lua_state(lh);
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_lua_run_string(lh, "function work(n)\n"
                          "  local s = 0\n  for i = 1, n do s = s + i end\n"
                          "  return s\nend\n", "work.lua", 0, &err), 0);
    /* Ten calls of ~60000 instructions each: over the budget in total,
     * within it per call. */
    for (int i = 0; i < 10; i++) {
        lua_getglobal(L, "work");
        lua_pushinteger(L, 20000);
        CU_ASSERT_EQUAL(amb_lua_call(lh, 1, 1, &err), 0);
        CU_ASSERT_EQUAL(lua_tointeger(L, -1), 200010000);
        lua_pop(L, 1);
    }
    lua_getglobal(L, "work");
    lua_pushinteger(L, 10000000);
    CU_ASSERT_EQUAL(amb_lua_call(lh, 1, 1, &err), AMB_ELIMIT);
    ASSERT_MSG(err.msg, "work.lua:3: instruction budget of "
                           "200000 exceeded");
    CU_ASSERT_EQUAL(lua_gettop(L), 0);
    lua_getglobal(L, "work");
    lua_pushinteger(L, 10);
    CU_ASSERT_EQUAL(amb_lua_call(lh, 1, 1, &err), 0);
    CU_ASSERT_EQUAL(lua_tointeger(L, -1), 55);
    lua_pop(L, 1);
    amb_lua_free(lh);
}

/* call_back(f): a C function that runs f through amb_lua_call, as a module
 * calling into Lua from a registered function would; raises its error. */
static int call_back(lua_State *L)
{
    amb_lua *lh = amb_lua_from_state(L);
    amb_error err;
    lua_settop(L, 1);
    if (amb_lua_call(lh, 0, 0, &err) < 0)
        return luaL_error(L, "%s", err.msg);
    return 0;
}

static void test_budget_nested_call(void)
{
    amb_lua *lh = new_lua(0, 200000);
    lua_State *L = amb_lua_state(lh);
    lua_register(L, "call_back", call_back);
    CU_ASSERT(lua_true(lh, "local n = 0 call_back(function() n = n + 1 end)"
                           " return n == 1"));
    /* A nested call shares the budget of the call it runs in. */
    amb_error err;
    CU_ASSERT_EQUAL(lua_fail(lh, "while true do\n  call_back(function() for"
                             " i = 1, 100 do end end)\nend", "nest.lua",
                             &err), AMB_ELIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "instruction budget of 200000"));
    amb_lua_free(lh);
}

static void test_memory_cap(void)
{
    static const char *const bombs[] = {
        "local s = 'x'\nwhile true do s = s .. s end",
        "local t = {}\nfor i = 1, 1e9 do t[i] = {i} end",
        "local s = ('x'):rep(1 << 30)",
        /* lauxlib buffers ask the allocator directly, with no retry */
        "local n = 0\nwhile true do\n  pcall(string.rep, 'x', 1 << 30)\n"
        "  n = n + 1\nend",
        "return pcall(string.rep, 'x', 1 << 30)",
        "local t = {}\nfor i = 1, 1e9 do t[#t + 1] = tostring(i) end",
        /* caught by pcall, in a loop: the allocator keeps refusing */
        "local n = 0\nwhile true do\n  pcall(function() local t = {} for i "
        "= 1, 1e9 do t[i] = i end end)\n  n = n + 1\nend",
        /* caught once, then the script tries to finish normally */
        "local ok = pcall(function() local s = 'x' while true do s = s .. s "
        "end end)\nreturn ok",
    };
    amb_lua *lh = new_lua(4 * MIB, 0);
    for (size_t i = 0; i < sizeof bombs / sizeof bombs[0]; i++) {
        amb_error err;
        CU_ASSERT_EQUAL(lua_fail(lh, bombs[i], "bomb.lua", &err), AMB_ELIMIT);
        ASSERT_MSG(err.msg, "bomb.lua: memory limit of 4 MiB "
                               "exceeded");
        CU_ASSERT(amb_lua_memory_peak(lh) <= 4 * MIB);
        /* Locals are garbage now: the state works again. */
        CU_ASSERT(lua_true(lh, "collectgarbage() return 1 + 1 == 2"));
        CU_ASSERT(amb_lua_memory_used(lh) < MIB);
    }
    /* Memory held by a global stays in use until the script lets it go. */
    amb_error err;
    CU_ASSERT_EQUAL(lua_fail(lh, "big = {}\nfor i = 1, 1e9 do big[i] = i end",
                             "global.lua", &err), AMB_ELIMIT);
    CU_ASSERT(amb_lua_memory_used(lh) > 2 * MIB);
    CU_ASSERT(lua_true(lh, "big = nil collectgarbage() return true"));
    CU_ASSERT(amb_lua_memory_used(lh) < MIB);
    amb_lua_free(lh);
}

static void test_memory_limit_run_file(void)
{
    char *dir = amb_test_tmpdir("lua");
    const char code[] = "local parts = {}\nwhile true do\n"
                        "  parts[#parts + 1] = ('y'):rep(4096)\nend\n";
    char *path = amb_test_write(dir, "grow.lua", code, sizeof code - 1);
    amb_lua *lh = new_lua(3 * MIB / 2, 0);
    amb_error err;
    CU_ASSERT_EQUAL(amb_lua_run_file(lh, path, 0, &err), AMB_ELIMIT);
    char *want = amb_xasprintf("%s: memory limit of 1536 KiB exceeded", path);
    ASSERT_MSG(err.msg, want);
    free(want);
    amb_lua_free(lh);

    amb_lua_limits tiny = {1024, 0};
    CU_ASSERT_EQUAL(amb_lua_new(&tiny, &lh, &err), AMB_ELIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "memory limit of 1 KiB"));
    free(path);
    amb_test_rmtree(dir);
    free(dir);
}

/* ----------------------------------------------------------------- errors */

static void test_error_positions(void)
{
    static const struct {
        const char *code, *name, *msg;
        int rc;
    } cases[] = {
        {"local a = 1\nlocal b = 2\nerror('boom')\n", "rules/x.lua",
         "rules/x.lua:3: boom", AMB_ERR},
        {"local t = nil\n\nreturn t.x\n", "y.lua",
         "y.lua:3: attempt to index a nil value (local 't')", AMB_ERR},
        {"local a = 1\nlocal = 2\n", "syn.lua",
         "syn.lua:2: <name> expected near '='", AMB_EPARSE},
        {"local s = [[\nunfinished", "long.lua",
         "long.lua:2: unfinished long string (starting at line 1) near "
         "<eof>", AMB_EPARSE},
        {"local t = {}\nerror(t)\n", "n.lua",
         "n.lua:2: (error object is a table value)", AMB_ERR},
        {"\nerror(setmetatable({}, {__tostring = function() return 'custom' "
         "end}))", "m.lua", "m.lua:2: custom", AMB_ERR},
        {"error()", "nil.lua", "nil.lua:1: (error object is a nil value)",
         AMB_ERR},
        {"error('no position', 0)", "z.lua", "no position", AMB_ERR},
        {"local function f() error('deep', 2) end\n\nf()", "lvl.lua",
         "lvl.lua:3: deep", AMB_ERR},
    };
    amb_lua *lh = new_lua(0, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        amb_error err;
        CU_ASSERT_EQUAL(lua_fail(lh, cases[i].code, cases[i].name, &err),
                        cases[i].rc);
        ASSERT_MSG(err.msg, cases[i].msg);
    }
    amb_lua_free(lh);
}

static void test_run_file_and_call(void)
{
    char *dir = amb_test_tmpdir("lua");
    const char code[] = "function add(a, b) return a + b end\n"
                        "function bad(x)\n  if x then\n    error('bad ' .. x)\n"
                        "  end\nend\nreturn 'loaded', 2\n";
    char *path = amb_test_write(dir, "lib.lua", code, sizeof code - 1);
    amb_lua *lh = new_lua(0, 0);
    lua_State *L = amb_lua_state(lh);
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_lua_run_file(lh, path, LUA_MULTRET, &err), 0);
    CU_ASSERT_EQUAL(lua_gettop(L), 2);
    CU_ASSERT_STRING_EQUAL(lua_tostring(L, 1), "loaded");
    lua_settop(L, 0);

    lua_getglobal(L, "add");
    lua_pushinteger(L, 2);
    lua_pushinteger(L, 40);
    CU_ASSERT_EQUAL(amb_lua_call(lh, 2, 1, &err), 0);
    CU_ASSERT_EQUAL(lua_tointeger(L, -1), 42);
    lua_settop(L, 0);

    lua_getglobal(L, "bad");
    lua_pushstring(L, "input");
    CU_ASSERT_EQUAL(amb_lua_call(lh, 1, 0, &err), AMB_ERR);
    char *want = amb_xasprintf("%s:4: bad input", path);
    ASSERT_MSG(err.msg, want);
    CU_ASSERT_EQUAL(lua_gettop(L), 0);
    free(want);

    lua_getglobal(L, "add");
    lua_pushinteger(L, 1);
    lua_pushboolean(L, 1);
    CU_ASSERT_EQUAL(amb_lua_call(lh, 2, 1, &err), AMB_ERR);
    want = amb_xasprintf("%s:1: attempt to perform arithmetic on a boolean "
                         "value (local 'b')", path);
    ASSERT_MSG(err.msg, want);
    free(want);

    CU_ASSERT_EQUAL(amb_lua_call(lh, 3, 0, &err), AMB_EUSAGE);
    char *missing = amb_path_join(dir, "missing.lua");
    CU_ASSERT_EQUAL(amb_lua_run_file(lh, missing, 0, &err), AMB_EIO);
    CU_ASSERT_NSTRING_EQUAL(err.msg, missing, strlen(missing));
    free(missing);
    free(path);
    amb_test_rmtree(dir);
    free(dir);
    amb_lua_free(lh);
}

/* A C function for the sandbox: true if amb_lua_from_state() finds the
 * amb_lua passed as upvalue, from whichever thread calls it. */
static int check_owner(lua_State *L)
{
    lua_pushboolean(L, amb_lua_from_state(L) ==
                           lua_touserdata(L, lua_upvalueindex(1)));
    return 1;
}

static void test_from_state(void)
{
    amb_lua *lh = new_lua(0, 0);
    lua_State *L = amb_lua_state(lh);
    CU_ASSERT_PTR_EQUAL(amb_lua_from_state(L), lh);
    lua_pushlightuserdata(L, lh);
    lua_pushcclosure(L, check_owner, 1);
    lua_setglobal(L, "owner_ok");
    CU_ASSERT(lua_true(lh, "return owner_ok() and coroutine.wrap(function() "
                           "return owner_ok() end)()"));
    CU_ASSERT(amb_lua_memory_used(lh) > 0);
    CU_ASSERT(amb_lua_memory_peak(lh) >= amb_lua_memory_used(lh));
    amb_lua_free(lh);
    amb_lua_free(NULL);
}

/* ---------------------------------------------------------------- options */

/* Convert the value code returns into *out; returns amb_opt_from_lua's rc. */
static int opt_of(amb_lua *lh, const char *code, amb_opt **out,
                  amb_error *err)
{
    lua_State *L = amb_lua_state(lh);
    amb_error e;
    CU_ASSERT_FATAL(amb_lua_run_string(lh, code, "opt.lua", 1, &e) == 0);
    int rc = amb_opt_from_lua(L, -1, out, err);
    lua_pop(L, 1);
    CU_ASSERT_EQUAL(lua_gettop(L), 0);
    return rc;
}

static void test_opt_from_lua(void)
{
    amb_lua *lh = new_lua(0, 0);
    amb_opt *o = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(opt_of(lh, "return nil", &o, &err), 0);
    CU_ASSERT_EQUAL(o->type, AMB_OPT_NIL);
    amb_opt_free(o);
    CU_ASSERT_EQUAL_FATAL(opt_of(lh, "return 7", &o, &err), 0);
    CU_ASSERT(o->type == AMB_OPT_NUMBER && o->number == 7.0);
    amb_opt_free(o);
    CU_ASSERT_EQUAL_FATAL(opt_of(lh, "return {3, 'a', {}, false}", &o, &err),
                          0);
    CU_ASSERT_EQUAL_FATAL(o->type, AMB_OPT_LIST);
    CU_ASSERT_EQUAL_FATAL(o->count, 4);
    CU_ASSERT(o->items[0].type == AMB_OPT_NUMBER && o->items[0].number == 3);
    CU_ASSERT_STRING_EQUAL(o->items[1].string, "a");
    CU_ASSERT(o->items[2].type == AMB_OPT_MAP && o->items[2].count == 0);
    CU_ASSERT(o->items[3].type == AMB_OPT_BOOL && !o->items[3].boolean);
    CU_ASSERT_PTR_NULL(o->items[1].key);
    amb_opt_free(o);
    CU_ASSERT_EQUAL_FATAL(opt_of(lh, "return {zeta = 1.5, alpha = {x = true},"
                                 " ['mid key'] = '\\u{20AC}\\u{1F600}', "
                                 "b = {1, 2}}", &o, &err), 0);
    CU_ASSERT_EQUAL_FATAL(o->type, AMB_OPT_MAP);
    CU_ASSERT_EQUAL_FATAL(o->count, 4);
    const char *keys[] = {"alpha", "b", "mid key", "zeta"};
    for (size_t i = 0; i < 4; i++)
        CU_ASSERT_STRING_EQUAL(o->items[i].key, keys[i]);
    CU_ASSERT_EQUAL(amb_opt_number(o, "zeta", 0), 1.5);
    CU_ASSERT_EQUAL(amb_opt_bool(amb_opt_get(o, "alpha"), "x", 0), 1);
    CU_ASSERT_STRING_EQUAL(amb_opt_string(o, "mid key", ""),
                           "\xe2\x82\xac\xf0\x9f\x98\x80");
    CU_ASSERT_EQUAL(amb_opt_get(o, "b")->count, 2);
    amb_opt_free(o);
    /* 32 levels of tables are fine. */
    CU_ASSERT_EQUAL(opt_of(lh, "local t = 1 for i = 1, 32 do t = {t} end "
                           "return t", &o, &err), 0);
    amb_opt_free(o);
    amb_lua_free(lh);
}

static void test_opt_hostile(void)
{
    static const struct {
        const char *code, *msg;
    } cases[] = {
        {"return {f = print}", "f: functions are not allowed in options"},
        {"return {a = {b = {1, coroutine.create(print)}}}",
         "a.b[2]: coroutines are not allowed in options"},
        {"return {x = 0/0}", "x: numbers in options must be finite"},
        {"return {x = {-math.huge}}", "x[1]: numbers in options must be "
         "finite"},
        {"return {s = 'a\\0b'}", "s: strings must not contain NUL bytes"},
        {"return {s = '\\xff'}", "s: strings must be valid UTF-8"},
        {"return {s = '\\xc0\\xaf'}", "s: strings must be valid UTF-8"},
        {"return {s = '\\xe0\\x80\\xaf'}", "s: strings must be valid UTF-8"},
        {"return {s = '\\xed\\xa0\\x80'}", "s: strings must be valid UTF-8"},
        {"return {s = '\\xf4\\x90\\x80\\x80'}", "s: strings must be valid "
         "UTF-8"},
        {"return {s = 'ab\\xe2\\x82'}", "s: strings must be valid UTF-8"},
        {"return {s = {'ok', '\\x80'}}", "s[2]: strings must be valid UTF-8"},
        {"return {['k\\xff'] = 1}", "keys must be valid UTF-8"},
        {"return {t = {[true] = 1}}", "t: keys must be strings or list "
         "indices 1..n"},
        {"return {[1.5] = 1}", "keys must be strings or list indices 1..n "
         "(found a non-integer number)"},
        {"return {1, 2, x = 3}", "a table cannot mix list items and named "
         "keys"},
        {"return {l = {[1] = 1, [3] = 3}}", "l: list indices must be 1..n "
         "without holes"},
        {"return {l = {[0] = 1}}", "l: list indices must start at 1"},
        {"local t = {} t.me = t return {a = t}", "a.me: a table that contains "
         "itself is not allowed in options"},
        {"return print", "functions are not allowed in options"},
    };
    amb_lua *lh = new_lua(0, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        amb_opt *o = NULL;
        amb_error err;
        CU_ASSERT_EQUAL(opt_of(lh, cases[i].code, &o, &err), AMB_ECONFIG);
        CU_ASSERT_PTR_NULL(o);
        ASSERT_MSG(err.msg, cases[i].msg);
    }
    /* 33 levels: the path names the table that is one too deep. */
    amb_opt *o = NULL;
    amb_error err;
    CU_ASSERT_EQUAL(opt_of(lh, "local t = 1 for i = 1, 40 do t = {t} end "
                           "return t", &o, &err), AMB_ECONFIG);
    amb_buf want = {0};
    for (int i = 0; i < 32; i++)
        amb_buf_puts(&want, "[1]");
    amb_buf_puts(&want, ": tables nested deeper than 32 levels are not "
                 "allowed in options");
    ASSERT_MSG(err.msg, want.data);
    amb_buf_free(&want);
    lua_State *L = amb_lua_state(lh);
    lua_newuserdatauv(L, 16, 0);
    CU_ASSERT_EQUAL(amb_opt_from_lua(L, -1, &o, &err), AMB_ECONFIG);
    ASSERT_MSG(err.msg, "userdata values are not allowed in "
                           "options");
    lua_pop(L, 1);
    amb_lua_free(lh);
}

static void test_opt_with_string(void)
{
    amb_lua *lh = new_lua(0, 0);
    amb_opt *base = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(opt_of(lh, "return {b = 1, d = {x = 'y'}}", &base,
                                 &err), 0);
    amb_opt *mid = amb_opt_with_string(base, "c", "new");
    amb_opt *repl = amb_opt_with_string(base, "b", "s");
    amb_opt *first = amb_opt_with_string(base, "a", "1");
    amb_opt *last = amb_opt_with_string(base, "z", "2");
    amb_opt *fresh = amb_opt_with_string(NULL, "k", "v");
    CU_ASSERT_PTR_NULL(amb_opt_with_string(&base->items[0], "k", "v"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(mid && repl && first && last && fresh);
    CU_ASSERT_PTR_NOT_EQUAL(amb_opt_get(mid, "d"), amb_opt_get(base, "d"));
    amb_opt_free(base);   /* the copies own everything they hold */
    const struct {
        const amb_opt *opt;
        const char *json;
    } want[] = {
        {mid, "{\"b\":1,\"c\":\"new\",\"d\":{\"x\":\"y\"}}"},
        {repl, "{\"b\":\"s\",\"d\":{\"x\":\"y\"}}"},
        {first, "{\"a\":\"1\",\"b\":1,\"d\":{\"x\":\"y\"}}"},
        {last, "{\"b\":1,\"d\":{\"x\":\"y\"},\"z\":\"2\"}"},
        {fresh, "{\"k\":\"v\"}"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *json = amb_opt_to_json(want[i].opt);
        ASSERT_MSG(json, want[i].json);
        free(json);
        amb_opt_free((amb_opt *)want[i].opt);
    }
    amb_lua_free(lh);
}

static void test_opt_to_json(void)
{
    amb_lua *lh = new_lua(0, 0);
    amb_opt *o = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(opt_of(lh, "return {name = 'a\"b\\n\\u{E5}', n = 3,"
                                 " r = 0.1, big = 2^60, neg = -2.5, list = "
                                 "{1, true, 'x', {}}, nested = {k = {}}}",
                                 &o, &err), 0);
    char *json = amb_opt_to_json(o);
    ASSERT_MSG(json, "{\"big\":1.152921504606847e18,\"list\":[1,true,\"x\","
               "{}],\"n\":3,\"name\":\"a\\\"b\\n\xc3\xa5\",\"neg\":-2.5,"
               "\"nested\":{\"k\":{}},\"r\":0.1}");
    free(json);
    amb_opt_free(o);
    /* Every real reads back exactly: one that needs 17 digits gets them,
     * and then so do the others in the same tree. */
    CU_ASSERT_EQUAL_FATAL(opt_of(lh, "return {0.1 + 0.2, 0.1, 1/3}", &o,
                                 &err), 0);
    json = amb_opt_to_json(o);
    ASSERT_MSG(json, "[0.30000000000000004,0.10000000000000001,"
               "0.33333333333333331]");
    free(json);
    amb_opt_free(o);
    json = amb_opt_to_json(NULL);
    ASSERT_MSG(json, "null");
    free(json);
    CU_ASSERT_EQUAL_FATAL(opt_of(lh, "return 'x'", &o, &err), 0);
    json = amb_opt_to_json(o);
    ASSERT_MSG(json, "\"x\"");
    free(json);
    amb_opt_free(o);
    amb_lua_free(lh);
}

/* ----------------------------------------------------------------- config */

static void test_config_full(void)
{
    char *dir = amb_path_join(amb_test_srcdir(), "tests/fixtures/lua/full");
    char *real = realpath(dir, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(real);
    amb_config *cfg = NULL;
    amb_error err = {{0}};
    int rc = amb_config_load(dir, &cfg, &err);
    if (rc < 0)
        fprintf(stderr, "\n%s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    char *want = amb_path_join(real, "ambit.lua");
    CU_ASSERT_STRING_EQUAL(cfg->dir, real);
    CU_ASSERT_STRING_EQUAL(cfg->path, want);
    free(want);
    want = amb_path_join(real, "db/main.db");
    CU_ASSERT_STRING_EQUAL(cfg->store_path, want);
    free(want);
    CU_ASSERT_STRING_EQUAL(cfg->cache_dir, "/var/cache/ambit-test");
    CU_ASSERT_EQUAL(cfg->fetch.connect_timeout_ms, 2500);
    CU_ASSERT_EQUAL(cfg->fetch.timeout_ms, 30000);
    CU_ASSERT_EQUAL(cfg->fetch.max_bytes, 1048576);
    CU_ASSERT_EQUAL(cfg->fetch.retries, 2);
    CU_ASSERT_EQUAL(cfg->fetch.backoff_ms, 250);
    CU_ASSERT_EQUAL(cfg->fetch.backoff_max_ms, 8000);
    CU_ASSERT_EQUAL(cfg->lua.memory_bytes, 16 * MIB);
    CU_ASSERT_EQUAL(cfg->lua.instructions, 5000000);
    CU_ASSERT_EQUAL_FATAL(cfg->nsources, 2);

    const amb_source_cfg *pop = &cfg->sources[0], *un = &cfg->sources[1];
    want = amb_path_join(dir, "ambit.lua");
    CU_ASSERT_STRING_EQUAL(pop->name, "population");
    CU_ASSERT_STRING_EQUAL(pop->plugin, "csv");
    CU_ASSERT_STRING_EQUAL(pop->schedule, "0 6 * * 1");
    CU_ASSERT_STRING_EQUAL(pop->file, want);
    CU_ASSERT_EQUAL(pop->line, 10);
    char *json = amb_opt_to_json(pop->options);
    ASSERT_MSG(json, "{\"columns\":{\"area\":\"OMR\xc3\x85" "DE\","
                           "\"dims\":[\"sex\",\"age\"],\"value\":3},\"header\""
                           ":true,\"path\":\"data/pop.csv\",\"plugin\":\"csv\","
                           "\"schedule\":\"0 6 * * 1\"}");
    free(json);
    const amb_opt *dims = amb_opt_get(amb_opt_get(pop->options, "columns"),
                                      "dims");
    CU_ASSERT(dims && dims->type == AMB_OPT_LIST && dims->count == 2);

    CU_ASSERT_STRING_EQUAL(un->name, "unemployment.da-2");
    CU_ASSERT_STRING_EQUAL(un->plugin, "statbank");
    CU_ASSERT_PTR_NULL(un->schedule);
    CU_ASSERT_STRING_EQUAL(un->file, want);
    CU_ASSERT_EQUAL(un->line, 19);
    json = amb_opt_to_json(un->options);
    ASSERT_MSG(json, "{\"empty\":{},\"plugin\":\"statbank\","
                           "\"table\":\"AUS08\"}");
    free(json);
    CU_ASSERT_PTR_EQUAL(amb_config_source(cfg, "unemployment.da-2"), un);
    CU_ASSERT_PTR_NULL(amb_config_source(cfg, "nope"));
    free(want);
    amb_config_free(cfg);
    free(real);
    free(dir);
}

/* Write content as DIR/ambit.lua in a fresh directory; returns DIR. */
static char *workspace_with(const char *content)
{
    char *dir = amb_test_tmpdir("conf");
    free(amb_test_write(dir, "ambit.lua", content, strlen(content)));
    return dir;
}

static void test_config_defaults(void)
{
    char *dir = workspace_with("-- nothing declared\nlocal x = 1\n");
    char *real = realpath(dir, NULL);
    amb_config *cfg = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_config_load(dir, &cfg, &err), 0);
    char *want = amb_path_join(real, "data/ambit.db");
    CU_ASSERT_STRING_EQUAL(cfg->store_path, want);
    free(want);
    want = amb_path_join(real, "cache");
    CU_ASSERT_STRING_EQUAL(cfg->cache_dir, want);
    free(want);
    CU_ASSERT_EQUAL(cfg->fetch.connect_timeout_ms, 10000);
    CU_ASSERT_EQUAL(cfg->fetch.timeout_ms, 120000);
    CU_ASSERT_EQUAL(cfg->fetch.max_bytes, 2147483648ull);
    CU_ASSERT_EQUAL(cfg->fetch.retries, 4);
    CU_ASSERT_EQUAL(cfg->fetch.backoff_ms, 1000);
    CU_ASSERT_EQUAL(cfg->fetch.backoff_max_ms, 60000);
    CU_ASSERT_EQUAL(cfg->lua.memory_bytes, AMB_LUA_DEFAULT_MEMORY);
    CU_ASSERT_EQUAL(cfg->lua.instructions, AMB_LUA_DEFAULT_BUDGET);
    CU_ASSERT_EQUAL(cfg->nsources, 0);
    amb_config_free(cfg);
    free(real);
    amb_test_rmtree(dir);
    free(dir);
}

static void test_config_missing(void)
{
    char *dir = amb_test_tmpdir("conf");
    char *nowhere = amb_path_join(dir, "nowhere");
    const char *dirs[] = {dir, nowhere};
    for (size_t i = 0; i < 2; i++) {
        amb_config *cfg = NULL;
        amb_error err;
        CU_ASSERT_EQUAL(amb_config_load(dirs[i], &cfg, &err), AMB_ECONFIG);
        CU_ASSERT_PTR_NULL(cfg);
        char *want = amb_xasprintf("%s/ambit.lua: no such file (run 'ambit "
                                   "init %s' to create a workspace)", dirs[i],
                                   dirs[i]);
        ASSERT_MSG(err.msg, want);
        free(want);
    }
    free(nowhere);
    amb_test_rmtree(dir);
    free(dir);
}

typedef struct conf_case {
    const char *content;
    int line;
    const char *msg;
} conf_case;

/* Each content must fail to load with "DIR/ambit.lua:LINE: MSG". */
static void check_config_errors(const conf_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *dir = workspace_with(cases[i].content);
        amb_config *cfg = NULL;
        amb_error err = {{0}};
        CU_ASSERT_EQUAL(amb_config_load(dir, &cfg, &err), AMB_ECONFIG);
        CU_ASSERT_PTR_NULL(cfg);
        char *want = amb_xasprintf("%s/ambit.lua:%d: %s", dir, cases[i].line,
                                   cases[i].msg);
        ASSERT_MSG(err.msg, want);
        free(want);
        amb_config_free(cfg);
        amb_test_rmtree(dir);
        free(dir);
    }
}

#define X16 "xxxxxxxxxxxxxxxx"

static void test_config_errors(void)
{
    static const conf_case cases[] = {
        {"workspace { stroe = 'x' }", 1, "workspace: unknown key 'stroe'"},
        {"\nworkspace {\n  fetch = { retries = 2, colour = 1 },\n}\n", 2,
         "workspace: unknown key 'fetch.colour'"},
        {"workspace { lua = { memory = 1, z = 2 } }", 1,
         "workspace: unknown key 'lua.memory'"},
        {"workspace { fetch = { timeout = -1 } }", 1,
         "workspace: 'fetch.timeout' must not be negative"},
        {"workspace { fetch = { timeout = '5' } }", 1,
         "workspace: 'fetch.timeout' must be a number, not a string"},
        {"workspace { fetch = { retries = 1.5 } }", 1,
         "workspace: 'fetch.retries' must be a whole number"},
        {"workspace { fetch = { retries = 1000 } }", 1,
         "workspace: 'fetch.retries' must be at most 100"},
        {"workspace { fetch = { backoff = 0/0 } }", 1,
         "workspace: 'fetch.backoff' must be a number"},
        {"workspace { lua = { memory_mb = -4 } }", 1,
         "workspace: 'lua.memory_mb' must not be negative"},
        {"workspace { store = 5 }", 1,
         "workspace: 'store' must be a non-empty string (a path)"},
        {"workspace { cache = '' }", 1,
         "workspace: 'cache' must be a non-empty string (a path)"},
        {"workspace { fetch = 3 }", 1, "workspace: 'fetch' must be a table"},
        {"workspace { [1] = 2 }", 1,
         "workspace: keys of 'workspace' must be strings"},
        {"workspace 'x'", 1, "workspace: expects one table, as in workspace "
         "{ store = \"data/ambit.db\" }"},
        {"workspace {}\n\nworkspace {}\n", 3,
         "workspace: already declared at line 1"},
        {"source 'bad name' { plugin = 'csv' }", 1, "source name 'bad name' "
         "must be 1 to 64 characters from A-Z a-z 0-9 _ . -"},
        {"source '' { plugin = 'csv' }", 1, "source name '' must be 1 to 64 "
         "characters from A-Z a-z 0-9 _ . -"},
        {"source(('x'):rep(65)) { plugin = 'csv' }", 1, "source name '"
         X16 X16 X16 X16 "...' must be 1 to 64 characters from A-Z a-z 0-9 "
         "_ . -"},
        {"\n\nsource 'a\\n\\0b' {}", 3, "source name 'a??b' must be 1 to 64 "
         "characters from A-Z a-z 0-9 _ . -"},
        {"source(42)", 1, "source: expects a name, as in source \"name\" { "
         "plugin = \"csv\" }"},
        {"source 'a' { plugin = 'csv' }\n-- c\nsource 'a' { plugin = 'px' }\n",
         3, "source 'a' already declared at line 1"},
        {"\n\nsource 'a' {\n  path = 'x',\n}\n", 3,
         "source 'a': 'plugin' must be a string"},
        {"source 'a' { plugin = 7 }", 1,
         "source 'a': 'plugin' must be a string"},
        {"source 'a' { plugin = 'csv', schedule = 5 }", 1,
         "source 'a': 'schedule' must be a string"},
        {"source 'a' { plugin = 'csv' }\nsource 'b'\n", 2, "source 'b' has "
         "no option table (write source \"b\" { plugin = \"...\" })"},
        {"source 'a' 'csv'", 1, "source 'a': expects a table of options, as "
         "in source \"a\" { plugin = \"csv\" }"},
        {"local f = source 'a'\nf { plugin = 'csv' }\nf { plugin = 'csv' }\n",
         3, "source 'a': options already given at line 1"},
        {"local x = nil\nx.y = 1\n", 2,
         "attempt to index a nil value (local 'x')"},
        {"workspace { store = 'x' }\nerror('stop here')\n", 2, "stop here"},
        {"source 'a' {\n  plugin = 'csv'\n", 3,
         "'}' expected (to close '{' at line 1) near <eof>"},
    };
    check_config_errors(cases, sizeof cases / sizeof cases[0]);
}

static void test_config_option_errors(void)
{
    static const conf_case cases[] = {
        {"source 'a' { plugin = 'csv', columns = { label = 'bad\\xff' } }", 1,
         "source 'a': columns.label: strings must be valid UTF-8"},
        {"source 'a' {\n  plugin = 'csv',\n  columns = { dims = { 'x', "
         "function() end } },\n}", 1,
         "source 'a': columns.dims[2]: functions are not allowed in options"},
        {"local t = {}\nt.self = t\nsource 'a' { plugin = 'csv', loop = t }",
         3, "source 'a': loop.self: a table that contains itself is not "
         "allowed in options"},
        {"source 'a' { plugin = 'csv', 'x' }", 1,
         "source 'a': a table cannot mix list items and named keys"},
        {"local t = 1 for i = 1, 40 do t = { x = t } end\n"
         "source 'a' { plugin = 'csv', deep = t }", 2, "source 'a': deep"
         ".x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x: "
         "tables nested deeper than 32 levels are not allowed in options"},
    };
    check_config_errors(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    /* A regression in the limits shows up as a script that never ends:
     * fail instead of hanging the test run. */
    alarm(300);
    AMB_TEST_SUITE("lua_sandbox",
                   {"globals", test_sandbox_globals},
                   {"binary chunks", test_binary_chunks},
                   {"print to stderr", test_print_goes_to_stderr},
                   {"from_state", test_from_state});
    AMB_TEST_SUITE("lua_limits",
                   {"endless loop", test_budget_stops_endless_loop},
                   {"budget survives pcall", test_budget_survives_pcall},
                   {"budget per call", test_budget_is_per_call},
                   {"nested call", test_budget_nested_call},
                   {"memory cap", test_memory_cap},
                   {"memory limit in a file", test_memory_limit_run_file});
    AMB_TEST_SUITE("lua_errors",
                   {"positions", test_error_positions},
                   {"run_file and call", test_run_file_and_call});
    AMB_TEST_SUITE("options",
                   {"scalars and tables", test_opt_from_lua},
                   {"hostile values", test_opt_hostile},
                   {"with_string", test_opt_with_string},
                   {"to_json", test_opt_to_json});
    AMB_TEST_SUITE("config",
                   {"full config", test_config_full},
                   {"defaults", test_config_defaults},
                   {"missing file", test_config_missing},
                   {"errors", test_config_errors},
                   {"option errors", test_config_option_errors});
    return amb_test_run();
}
