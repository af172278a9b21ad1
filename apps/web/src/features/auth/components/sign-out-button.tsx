import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../hooks/session-context';

/** Ends the session on the server, forgets the CSRF token and returns to sign-in. */
export function SignOutButton({ className, label = 'Sign out' }: { className?: string; label?: string }) {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const onClick = () => {
    setPending(true);
    signOut()
      .catch(() => undefined)
      .finally(() => {
        setPending(false);
        void navigate('/login', { replace: true });
      });
  };
  return (
    <button type="button" className={className} onClick={onClick} disabled={pending}>
      {label}
    </button>
  );
}
