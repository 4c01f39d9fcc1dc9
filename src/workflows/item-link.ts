/** The address of an item's page in the web app, as every email about the item links to it. */
export const itemLink = (baseUrl: string, itemId: string): string => `${baseUrl}/items/${itemId}`;
