/**
 * Vitest setup for every project: terminal lines in English (the C locale for messages), whatever
 * the developer's shell says, so assertions on terminal lines, and the lines the harness reads
 * from the processes it starts, do not depend on it. Tests that want German pass LANG themselves.
 * Only the variables change: Intl in this process keeps the locale it started with.
 */
delete process.env.LC_ALL;
delete process.env.LANGUAGE;
process.env.LC_MESSAGES = 'C.UTF-8';
