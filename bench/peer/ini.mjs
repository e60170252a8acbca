// ini.mjs - reads an rcm profile (SPEC 2) the way inih reads it: sections,
// `key = value`, comment lines starting with ';' or '#', and ' ;' after a
// value. Only what the peer needs is interpreted here; the peer takes the
// same config file as rcm, so both see the same codes and thresholds.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function readIni(path) {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const sections = new Map();
  let current = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) return;
    if (line.startsWith('[')) {
      const end = line.indexOf(']');
      if (end < 0) throw new Error(`${path}:${i + 1}: bad section line`);
      current = line.slice(1, end).trim();
      if (!sections.has(current)) sections.set(current, new Map());
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || current === null) throw new Error(`${path}:${i + 1}: not a key = value line`);
    let value = line.slice(eq + 1);
    const comment = value.search(/[ \t];/);
    if (comment >= 0) value = value.slice(0, comment);
    sections.get(current).set(line.slice(0, eq).trim(), value.trim());
  });
  return { path, dir: dirname(resolve(path)), sections };
}

export function get(ini, section, key, fallback) {
  const s = ini.sections.get(section);
  return s && s.has(key) ? s.get(key) : fallback;
}

export function list(value) {
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}
