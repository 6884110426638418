// The few chrome.* APIs the example uses (no @types/chrome dependency for an example).
declare namespace chrome {
  namespace runtime {
    const onInstalled: { addListener(f: () => void): void };
    const onMessage: { addListener(f: (msg: unknown, sender: unknown, respond: (r: unknown) => void) => boolean | void): void };
    function sendMessage<T = unknown>(msg: unknown): Promise<T>;
  }
  namespace contextMenus {
    function create(p: { id: string; title: string; contexts: string[] }): void;
    const onClicked: { addListener(f: (info: { menuItemId: string | number; selectionText?: string }, tab?: { id?: number }) => void): void };
  }
  namespace offscreen {
    function createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
    function hasDocument(): Promise<boolean>;
  }
  namespace scripting {
    function executeScript<T>(p: { target: { tabId: number }; func: () => T }): Promise<Array<{ result?: T }>>;
  }
}
