/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* lua_main: runs bench/real/bench.lua (embedded at build time as lua_script.h)
 * with the Lua interpreter built from the Debian lua5.4 source package.
 * Only the base, string, table, math and utf8 libraries are opened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#include "lua_script.h"   /* static const char lua_script[] */

void bench_lua_throw(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "lua error: %s\n", msg ? msg : "(not a string)");
    printf("FAIL: lua error\n");
    exit(1);
}

int main(int argc, char **argv)
{
    lua_State *L = luaL_newstate();
    if (!L)
        return 2;
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_settop(L, 0);
    /* arg = { [0] = "lua", ... } like the standalone interpreter */
    lua_createtable(L, argc, 0);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i);
    }
    lua_setglobal(L, "arg");
    if (luaL_loadbuffer(L, lua_script, strlen(lua_script), "=bench.lua") != LUA_OK) {
        fprintf(stderr, "lua: %s\n", lua_tostring(L, -1));
        return 1;
    }
    lua_call(L, 0, 1);
    int ok = lua_toboolean(L, -1);
    lua_close(L);
    printf(ok ? "ok\n" : "FAIL: lua script self-check\n");
    return ok ? 0 : 1;
}
