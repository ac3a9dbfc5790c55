// The smallest course folder the importer accepts, for tests that vary one part of it.

/** A 1×1 PNG. */
export const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** course.yaml of one module with one lesson, lessons/l1.md; `extra` is appended as more keys. */
export const courseYaml = (extra = '') => `id: uji
version: 1
title: Uji
summary: Kursus uji
language: id
category: bangkom
jp: 1
modules:
  - id: m1
    title: Modul
    lessons:
      - { id: l1, title: Pelajaran, file: lessons/l1.md, minutes: 10 }
${extra}`;
