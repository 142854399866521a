// MariaDB/MySQL for tests: a database of their own per test file, created and
// dropped, on the server at MYSQL_HOST/MYSQL_PORT/MYSQL_USER (127.0.0.1:3306
// root, no password). The same shape as pg.ts.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export const MY = {
  host: process.env.MYSQL_HOST || '127.0.0.1',
  port: Number(process.env.MYSQL_PORT || 3306),
  user: process.env.MYSQL_USER || 'root',
  password: process.env.MYSQL_PASSWORD,
};

export function mysqlUrl(database: string, o: { user?: string; password?: string; port?: number } = {}): string {
  const user = o.user ?? MY.user;
  const password = o.password ?? (o.user ? undefined : MY.password);
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
  return `mysql://${auth}@${MY.host}:${o.port ?? MY.port}/${database}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Runs SQL on the server as the admin user (several statements allowed), without a default database unless given. */
export async function execMysql(sql: string, params: unknown[] = [], database?: string): Promise<unknown> {
  const c = await mysql.createConnection({ host: MY.host, port: MY.port, user: MY.user, password: MY.password, database, multipleStatements: params.length === 0, dateStrings: true });
  try {
    const [rows] = await c.query(sql, params);
    return rows;
  } finally {
    await c.end();
  }
}

/** A fresh empty database named tollguard_test_<pid>_<random>. */
export async function createTestDatabase(prefix = 'tollguard_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await execMysql(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  return {
    name,
    url: mysqlUrl(name),
    drop: () => execMysql(`DROP DATABASE IF EXISTS \`${name}\``).then(() => undefined),
  };
}
