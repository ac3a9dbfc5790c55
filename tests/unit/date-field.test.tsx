// Report dates typed as Indonesians write them, dd/mm/yyyy, and sent to the API as yyyy-mm-dd.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DateField } from '../../src/app/admin/DateField.js';
import { displayToIso, formatDate, isoToDisplay } from '../../src/app/admin/format.js';

describe('dates as dd/mm/yyyy', () => {
  afterEach(cleanup);

  it('reads a day of the calendar written day first, and nothing else', () => {
    expect(displayToIso('17/08/2026')).toBe('2026-08-17');
    expect(displayToIso(' 1/2/2026 ')).toBe('2026-02-01');
    expect(displayToIso('29-02-2024')).toBe('2024-02-29');
    for (const bad of ['31/02/2026', '29/02/2026', '2026-08-17', '17/08/26', '17/13/2026', '00/01/2026', 'besok'])
      expect(displayToIso(bad), bad).toBeUndefined();
    expect(isoToDisplay('2026-08-17')).toBe('17/08/2026');
    expect(formatDate(new Date(2026, 7, 17, 23, 30).getTime())).toBe('17/08/2026');
  });

  it('hands the API yyyy-mm-dd, and names a date that is not one without changing the filter', () => {
    const onChange = vi.fn();
    render(<DateField label="Dari tanggal" value="" onChange={onChange} />);
    const input = screen.getByLabelText(/^Dari tanggal/) as HTMLInputElement;
    fireEvent.input(input, { target: { value: '31/02/' } });
    expect(screen.queryByRole('alert')).toBeNull(); // half typed is not yet wrong
    fireEvent.input(input, { target: { value: '31/02/2026' } });
    fireEvent.blur(input);
    expect(screen.getByRole('alert').textContent).toBe(
      'Dari tanggal: "31/02/2026" bukan tanggal. Tulis hari/bulan/tahun, misalnya 17/08/2026.',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(onChange).not.toHaveBeenCalled();

    fireEvent.input(input, { target: { value: '1/3/2026' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith('2026-03-01');
    expect(input.value).toBe('01/03/2026');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
