export declare const BUILD_STAMP: string;
export declare function entryPoint(root: URL): string;
