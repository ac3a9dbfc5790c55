// New passwords, shown once for the operator to hand out: after a staff import and after a reset.
export interface IssuedPassword {
  nip: string;
  name: string;
  unit?: string;
  password: string;
}

export function PasswordTable({ passwords }: { passwords: IssuedPassword[] }) {
  const withUnit = passwords.some((p) => p.unit !== undefined);
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">NIP</th>
            <th scope="col">Nama</th>
            {withUnit && <th scope="col">Unit kerja</th>}
            <th scope="col">Kata sandi</th>
          </tr>
        </thead>
        <tbody>
          {passwords.map((p) => (
            <tr key={p.nip}>
              <td>{p.nip}</td>
              <td>{p.name}</td>
              {withUnit && <td>{p.unit}</td>}
              <td>
                <code>{p.password}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
