import { RouterProvider } from 'react-router/dom';
import { SessionProvider } from '../features/auth/components/session-provider';
import { router } from './router';

/** The root: session state around the router. */
export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
