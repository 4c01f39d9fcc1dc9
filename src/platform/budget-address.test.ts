import { describe, expect, it } from 'vitest';
import { budgetAddress } from './budget-address.ts';

// @see docs/security.md#b-attempt-limits-and-lockout B11
describe('budgetAddress', () => {
  it('counts an IPv4 client by its address', () => {
    expect(budgetAddress('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    const net = '2001:db8:5:6::/64';
    for (const ip of [
      '2001:db8:5:6::1',
      '2001:db8:5:6:ffff:ffff:ffff:ffff',
      '2001:0DB8:0005:0006:0000:0000:0000:0042',
      '2001:db8:5:6:1::',
      '2001:db8:5:6::1%eth0',
    ])
      expect(budgetAddress(ip), ip).toBe(net);
    expect(budgetAddress('2001:db8:5:7::1')).toBe('2001:db8:5:7::/64');
    expect(budgetAddress('::1')).toBe('0:0:0:0::/64');
    expect(budgetAddress('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64');
  });

  it('counts an IPv4 client seen on a dual-stack socket (IPv4-mapped IPv6) by its IPv4 address', () => {
    expect(budgetAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(budgetAddress('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('leaves anything that is not an IP address as it is', () => {
    expect(budgetAddress('unknown')).toBe('unknown');
    expect(budgetAddress('')).toBe('');
  });
});
