import type { Role, User, UserType } from '../../../api/types.ts';

export type UserFormState = {
  name: string;
  email: string;
  userType: UserType;
  roles: Role[];
  groups: string[];
  active: boolean;
  setPassword: boolean;
  password: string;
};

export const emptyUserForm = (): UserFormState => ({
  name: '',
  email: '',
  userType: 'staff',
  roles: ['reviewer'],
  groups: [],
  active: true,
  setPassword: false,
  password: '',
});

export const userFormFrom = (u: User): UserFormState => ({
  name: u.name,
  email: u.email,
  userType: u.userType,
  roles: [...u.roles],
  groups: u.groups.map((g) => g.id),
  active: u.active,
  setPassword: false,
  password: '',
});

export function validateUserForm(f: UserFormState, creating: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!f.name.trim()) errors['name'] = 'Enter the person’s name.';
  if (creating && !/^[^\s@]+@[^\s@]+$/.test(f.email.trim())) errors['email'] = 'Enter an email address like name@example.com.';
  if (creating && f.setPassword && f.password.length < 12) errors['password'] = 'Use at least 12 characters.';
  return errors;
}
