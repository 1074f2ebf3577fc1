// A plugin with a syntax error on line 3, for loadPlugins tests.
export const ok = 1;
export const plugin = {;
