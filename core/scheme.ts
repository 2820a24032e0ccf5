/** Whether a page (and the card shown over it) is light or dark: the highlights and the card pick colours by it. */
export type Scheme = 'light' | 'dark';
