/** Inside a shadow root: the host page's styles cannot reach in, and these cannot leak out. */
export const styles = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { --accent: #1f6feb; position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2328; }
.root.left { right: auto; left: 20px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
button { font: inherit; cursor: pointer; }
:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.launcher { width: 58px; height: 58px; border-radius: 50%; border: 0; background: var(--accent); color: #fff;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); display: grid; place-items: center; position: relative; }
.launcher svg { width: 28px; height: 28px; }
.badge { position: absolute; top: 2px; right: 2px; width: 14px; height: 14px; border-radius: 50%; background: #d1242f; border: 2px solid #fff; }
.panel { position: absolute; bottom: 74px; right: 0; width: 370px; height: min(580px, calc(100vh - 110px));
  background: #fff; border-radius: 14px; box-shadow: 0 12px 40px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden; }
.root.left .panel { right: auto; left: 0; }
.panel[hidden], .banner[hidden], .typing[hidden], .notice[hidden], .badge[hidden] { display: none; }
header { background: var(--accent); color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 8px; }
header h2 { font-size: 16px; margin: 0; flex: 1; font-weight: 600; }
.close { background: transparent; border: 0; color: #fff; font-size: 22px; line-height: 1; width: 34px; height: 34px; border-radius: 8px; }
.close:hover { background: rgba(255,255,255,.15); }
.banner { background: #fff8c5; border-bottom: 1px solid #eed888; padding: 8px 14px; font-size: 14px; }
.banner.with-staff { background: #dafbe1; border-color: #aceebb; }
.log { list-style: none; margin: 0; padding: 14px; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 10px; background: #f6f8fa; }
.msg { max-width: 86%; display: flex; flex-direction: column; gap: 2px; }
.msg .who { font-size: 12px; color: #57606a; }
.bubble { padding: 8px 12px; border-radius: 12px; background: #fff; border: 1px solid #d0d7de; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.customer { align-self: flex-end; align-items: flex-end; }
.msg.customer .bubble { background: var(--accent); color: #fff; border-color: transparent; }
.msg.staff .bubble { background: #ddf4ff; border-color: #a2d2fb; }
.msg.system { align-self: center; max-width: 94%; }
.msg.system .who { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.msg.system .bubble { background: transparent; border: 0; color: #57606a; font-size: 13px; text-align: center; padding: 2px 8px; }
.msg.welcome .bubble { background: #fff; }
.msg[aria-busy="true"] .bubble::after { content: "▍"; animation: blink 1s steps(2) infinite; }
.msg.failed .bubble { opacity: .7; }
.msg .problem { font-size: 12px; color: #d1242f; display: flex; gap: 6px; align-items: center; }
.follow-ups { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 8px; }
.follow-up { border: 1px solid var(--accent); background: #fff; color: var(--accent); border-radius: 14px; padding: 3px 10px; font-size: 13px; }
.msg .problem button { border: 1px solid #d1242f; background: #fff; color: #d1242f; border-radius: 6px; padding: 1px 8px; font-size: 12px; }
.sources { font-size: 13px; margin-top: 2px; }
.sources summary { color: var(--accent); cursor: pointer; }
.sources ul { margin: 6px 0 0; padding: 0; list-style: none; display: flex; flex-direction: column; gap: 6px; }
.sources li { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 6px 8px; }
.sources .excerpt { margin: 4px 0 0; color: #424a53; white-space: pre-wrap; }
.typing { padding: 0 14px 8px; background: #f6f8fa; }
.dots { display: inline-flex; gap: 4px; padding: 10px 12px; background: #fff; border: 1px solid #d0d7de; border-radius: 12px; }
.dots i { width: 7px; height: 7px; border-radius: 50%; background: #8c959f; animation: bounce 1.2s infinite; }
.dots i:nth-child(2) { animation-delay: .15s; } .dots i:nth-child(3) { animation-delay: .3s; }
.notice { margin: 0; padding: 6px 14px; font-size: 13px; background: #fff1f0; color: #82071e; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #d0d7de; background: #fff; }
textarea { flex: 1; resize: none; font: inherit; padding: 8px 10px; border: 1px solid #8c959f; border-radius: 10px; min-height: 40px; max-height: 120px; }
form button { background: var(--accent); color: #fff; border: 0; border-radius: 10px; padding: 0 16px; font-weight: 600; }
form button:disabled { opacity: .5; cursor: default; }
@keyframes bounce { 0%, 80%, 100% { transform: translateY(0); } 40% { transform: translateY(-5px); } }
@keyframes blink { to { visibility: hidden; } }
@media (prefers-reduced-motion: reduce) { .dots i, .msg[aria-busy="true"] .bubble::after { animation: none; } }
@media (max-width: 480px) {
  .root { bottom: 12px; right: 12px; }
  .panel { position: fixed; inset: 0; width: auto; height: auto; border-radius: 0; }
  /* The panel fills the screen: the launcher would lie on top of the Send button (the header's × closes). */
  .root.open .launcher { display: none; }
}
`;
