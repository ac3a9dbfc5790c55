/** A NIP (civil servant number) is 18 digits; the server and the admin screens check it alike. */
export const NIP_PATTERN = /^\d{18}$/;

/**
 * A NIP in its printed groups: birth date, appointment month, sex, serial
 * ("19920315 202521 2 001"). Spreadsheets read the grouped form as text; the bare 18 digits
 * they take for a number and round to 15 significant digits. Reading strips the spaces again.
 */
export const groupNip = (nip: string): string =>
  NIP_PATTERN.test(nip) ? `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}` : nip;
