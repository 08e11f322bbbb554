import { describe, expect, it } from 'vitest';
import { openDatabase, readOnlyView, ReadOnlyViolationError } from './db.js';

describe('readOnlyView', () => {
  it('prepares reads but refuses any statement that would write, before it can run', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    db.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    const readable = readOnlyView(db);
    expect(readable.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'kept' }]);
    for (const write of ['DELETE FROM notes', "INSERT INTO notes (text) VALUES ('x')", "UPDATE notes SET text = 'y'", 'DROP TABLE notes']) {
      expect(() => readable.prepare(write)).toThrow(ReadOnlyViolationError);
    }
    expect(db.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'kept' }]);
    db.close();
  });
});
