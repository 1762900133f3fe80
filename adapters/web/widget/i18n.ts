import type { WidgetLanguage } from './protocol.js';

export interface Strings {
  launcher: string;
  launcherUnread: string;
  dialog: string;
  title: string;
  close: string;
  inputLabel: string;
  placeholder: string;
  send: string;
  welcome: string;
  typing: string;
  you: string;
  assistant: string;
  staff: string;
  system: string;
  sources: (count: number) => string;
  waiting: string;
  unstaffed: string;
  withStaff: (name: string | undefined) => string;
  failed: string;
  rateLimited: string;
  retry: string;
  reconnecting: string;
  unavailable: string;
}

export const strings: Record<WidgetLanguage, Strings> = {
  en: {
    launcher: 'Chat with customer service',
    launcherUnread: 'Chat with customer service (new message)',
    dialog: 'Customer service chat',
    title: 'Customer service',
    close: 'Close chat',
    inputLabel: 'Your message',
    placeholder: 'Type your question…',
    send: 'Send',
    welcome: 'Hi! I can help with orders, returns, refunds, exchanges, shipping and warranty. What can I do for you?',
    typing: 'The assistant is typing…',
    you: 'You',
    assistant: 'Assistant',
    staff: 'Support team',
    system: 'Notice',
    sources: (count) => (count === 1 ? 'Source' : `Sources (${count})`),
    waiting: 'A colleague has been asked to join and will reply here. You can keep writing in the meantime.',
    unstaffed: 'Nobody from our team can reply in this chat right now: please use the contact details above.',
    withStaff: (name) => (name ? `You're chatting with ${name} from our support team.` : "You're chatting with our support team."),
    failed: 'Your message could not be sent.',
    rateLimited: "You're sending messages very quickly. Please wait a moment and try again.",
    retry: 'Try again',
    reconnecting: 'Connection lost, reconnecting…',
    unavailable: 'Chat is not available on this page right now.',
  },
  zh: {
    launcher: '联系在线客服',
    launcherUnread: '联系在线客服（有新消息）',
    dialog: '在线客服对话',
    title: '在线客服',
    close: '关闭对话',
    inputLabel: '输入消息',
    placeholder: '请输入您的问题……',
    send: '发送',
    welcome: '您好！我可以帮您处理订单、退货、退款、换货、物流和保修问题。请问有什么可以帮您？',
    typing: '客服助手正在输入……',
    you: '我',
    assistant: '客服助手',
    staff: '人工客服',
    system: '通知',
    sources: (count) => (count === 1 ? '来源' : `来源（${count}）`),
    waiting: '已为您转接人工客服，同事会在这里回复您。等待期间您可以继续留言。',
    unstaffed: '目前人工客服无法在此对话中回复，请使用上面的联系方式联系我们。',
    withStaff: (name) => (name ? `人工客服 ${name} 正在为您服务。` : '人工客服正在为您服务。'),
    failed: '消息发送失败。',
    rateLimited: '您发送得太快了，请稍等片刻再试。',
    retry: '重试',
    reconnecting: '连接中断，正在重新连接……',
    unavailable: '此页面暂时无法使用在线客服。',
  },
};

/** The first Chinese or English language the browser prefers; English otherwise. */
export function browserLanguage(languages: readonly string[]): WidgetLanguage {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}
