import { createContext } from 'react';

/**
 * The id of the connect form's error message while one is shown, else null: the field it is
 * about points at it (aria-describedby) and is marked invalid, so that a screen reader reads the
 * reason with the field.
 */
export const FormErrorContext = createContext<string | null>(null);
