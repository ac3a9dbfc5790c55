import { describe, expect, it } from 'vitest';
import { planUserImport } from '../../src/server/services/user-import.js';

describe('planUserImport', () => {
  it('reads rows with optional role and password, tolerating a BOM, semicolons and spaces in NIPs', () => {
    const plan = planUserImport(
      '\uFEFFnip;name;unit;position;role;password\n199203152025212001;"Sari, S.Pd";Dinas Pendidikan;Asisten Guru;;\n19800101 200604 1 001;Budi;BKPSDM;Analis;admin;rahasia-budi\n',
    );
    expect(plan.problems).toEqual([]);
    expect(plan.rows).toEqual([
      { line: 2, nip: '199203152025212001', name: 'Sari, S.Pd', unit: 'Dinas Pendidikan', position: 'Asisten Guru', role: 'learner' },
      { line: 3, nip: '198001012006041001', name: 'Budi', unit: 'BKPSDM', position: 'Analis', role: 'admin', password: 'rahasia-budi' },
    ]);
  });

  it('reports every bad row with its line number', () => {
    const plan = planUserImport(
      [
        'nip,name,unit,position,role',
        '12345,Pendek,Dinas A,Staf,',
        '199203152025212001,,Dinas A,Staf,',
        '199203152025212002,Ani,,Staf,kepala',
        '199203152025212002,Ani lagi,Dinas A,Staf,',
      ].join('\n'),
    );
    expect(plan.problems).toEqual([
      { line: 2, message: 'NIP "12345" must be 18 digits' },
      { line: 3, message: 'name is empty' },
      { line: 4, message: 'unit is empty' },
      { line: 4, message: 'role "kepala" must be learner, admin or coordinator' },
      { line: 5, message: 'NIP 199203152025212002 already appears on line 4' },
    ]);
  });

  it('takes a quoted cell of spaces for an empty name or unit, and trims quoted names', () => {
    const plan = planUserImport(
      'nip,name,unit,position\n199203152025212001," ",Dinas A,Staf\n199507202025211002," Agus ","  ",Staf\n199811052025212003," Dewi ",Dinas B," Staf "\n',
    );
    expect(plan.problems).toEqual([
      { line: 2, message: 'name is empty' },
      { line: 3, message: 'unit is empty' },
    ]);
    expect(plan.rows).toEqual([{ line: 4, nip: '199811052025212003', name: 'Dewi', unit: 'Dinas B', position: 'Staf', role: 'learner' }]);
  });

  it('names missing columns', () => {
    expect(planUserImport('nip,nama\n1,2\n').problems).toEqual([
      { line: 1, message: expect.stringContaining('missing column(s): name, unit, position') },
    ]);
  });
});
