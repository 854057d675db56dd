"use client";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from "react";

import { api, getSession, subscribeSession } from "../../lib/apiClient.ts";
import { PoseBuffer, PoseThrottle, roundPose, type Pose, type Quat, type Vec3 } from "../../lib/poses.ts";
import type * as RoomKey from "../../lib/roomKey.ts";
import type { RoomKeyEnvelope } from "../../lib/roomKey.ts";
import type { FloorAvatar } from "./FloorScene.tsx";

const KEM_KEY = "peper.floor.kem";

interface Card {
  user_id: string;
  kem_public_key: string;
}

/**
 * The room's key exchange (ML-KEM-768 from @noble/post-quantum, lib/roomKey.ts), imported on demand:
 * it is not part of /metaverse's first load, only of a signed-in visitor's room (their invitation
 * card needs this tab's key pair) and of opening or joining one.
 */
let roomKeyModule: Promise<typeof RoomKey> | undefined;
const loadRoomKey = () => (roomKeyModule ??= import("../../lib/roomKey.ts"));

let kem: { publicKey: string; secretKey: Uint8Array } | undefined;
/** This tab's ML-KEM-768 key pair (made once, kept in sessionStorage: the secret never leaves the tab). */
async function tabKem(): Promise<{ publicKey: string; secretKey: Uint8Array }> {
  if (kem) return kem;
  const { fromBase64, newKemKeyPair, toBase64 } = await loadRoomKey();
  if (kem) return kem;
  try {
    const saved = window.sessionStorage.getItem(KEM_KEY);
    if (saved) {
      const { pk, sk } = JSON.parse(saved) as { pk: string; sk: string };
      kem = { publicKey: pk, secretKey: fromBase64(sk) };
      return kem;
    }
  } catch {
    // no storage: a key pair for this page only
  }
  const pair = newKemKeyPair();
  kem = { publicKey: toBase64(pair.publicKey), secretKey: pair.secretKey };
  try {
    window.sessionStorage.setItem(KEM_KEY, JSON.stringify({ pk: kem.publicKey, sk: toBase64(pair.secretKey) }));
  } catch {
    // as above
  }
  return kem;
}

/** The room key's fingerprint, from this participant's envelope (opened with this tab's secret key). */
async function openFingerprint(envelope: RoomKeyEnvelope): Promise<string> {
  const { openRoomKey, roomKeyFingerprint } = await loadRoomKey();
  return roomKeyFingerprint(await openRoomKey(envelope, (await tabKem()).secretKey));
}

/** The room's socket on the API's own origin (GET /metaverse/ws-origin): the app cannot pass on an upgrade. */
async function roomSocketUrl(endpoint: string): Promise<string> {
  const res = await fetch("/metaverse/ws-origin");
  if (!res.ok) return endpoint;
  const { origin } = (await res.json()) as { origin: string };
  const url = new URL(endpoint);
  return `${origin}${url.pathname}${url.search}`;
}

/** The API user id (`sub`) of an access token. */
function tokenSubject(token: string): string | undefined {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: unknown };
    return typeof json.sub === "string" ? json.sub : undefined;
  } catch {
    return undefined;
  }
}

interface Person {
  id: string;
  name: string;
  poses: PoseBuffer;
}

export interface FloorRoomState {
  signedIn: boolean;
  /** What this visitor gives the host to be invited: their user id and ML-KEM public key. */
  card: string;
  status: "idle" | "connecting" | "connected" | "closed" | "error";
  error?: string;
  sessionId?: string;
  fingerprint?: string;
  avatars: FloorAvatar[];
  chat: { id: string; name: string; text: string }[];
  connected: boolean;
  create: (name: string, displayName: string, cards: string) => Promise<void>;
  join: (sessionId: string, displayName: string) => Promise<void>;
  say: (text: string) => void;
  leave: () => void;
  sendPose: (pose: Pose) => void;
}

type ServerMessage =
  | { type: "welcome"; user_id: string; present: { user_id: string; display_name: string | null }[] }
  | { type: "presence"; event: "join" | "leave"; user_id: string; display_name: string | null }
  | {
      type: "pose";
      user_id: string;
      position: Vec3;
      rotation: Quat;
      hands?: { left?: { position: Vec3; rotation: Quat }; right?: { position: Vec3; rotation: Quat } };
    }
  | { type: "chat"; id: string; user_id: string; display_name: string | null; text: string }
  | { type: "tick" }
  | { type: "error"; message: string };

/**
 * The shared floor: create a session (POST /api/v5/metaverse/create-session with every participant's
 * user id and ML-KEM-768 public key) or join one (GET /sessions/{id}/key, opened here), then the
 * room's WebSocket — presence, chat, and poses (head and both hands) at most 20 a second.
 */
export function useFloorRoom(): FloorRoomState {
  const session = useSyncExternalStore(subscribeSession, getSession, () => undefined);
  const userId = session ? tokenSubject(session.accessToken) : undefined;
  // The invitation card needs this tab's public key: made (the key exchange loaded) once signed in.
  const [publicKey, setPublicKey] = useState(kem?.publicKey ?? "");
  useEffect(() => {
    if (!userId) return;
    let live = true;
    tabKem().then(
      (k) => live && setPublicKey(k.publicKey),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [userId]);
  const card = userId && publicKey ? JSON.stringify({ user_id: userId, kem_public_key: publicKey }) : "";
  const [status, setStatus] = useState<FloorRoomState["status"]>("idle");
  const [error, setError] = useState<string>();
  const [sessionId, setSessionId] = useState<string>();
  const [fingerprint, setFingerprint] = useState<string>();
  const [avatars, setAvatars] = useState<FloorAvatar[]>([]);
  const [chat, setChat] = useState<FloorRoomState["chat"]>([]);
  const socket = useRef<WebSocket | undefined>(undefined);
  const people = useRef(new Map<string, Person>());
  const throttle = useRef(new PoseThrottle());

  const publish = useCallback(() => {
    setAvatars([...people.current.values()].map((p) => ({ id: p.id, name: p.name, poses: p.poses })));
  }, []);

  const connect = useCallback(
    (endpoint: string, id: string, token: string) => {
      socket.current?.close(1000);
      people.current.clear();
      publish();
      setStatus("connecting");
      setSessionId(id);
      const ws = new WebSocket(endpoint);
      ws.onerror = () => setError(`${endpoint}: the room's WebSocket failed`);
      socket.current = ws;
      const named = (uid: string, name: string | null) => name ?? `${uid.slice(0, 8)}…`;
      const person = (uid: string, name: string | null): Person => {
        let p = people.current.get(uid);
        if (!p) {
          p = { id: uid, name: named(uid, name), poses: new PoseBuffer() };
          people.current.set(uid, p);
          publish();
        }
        return p;
      };
      ws.onopen = () => ws.send(JSON.stringify({ type: "auth", access_token: token }));
      ws.onmessage = (event) => {
        let msg: ServerMessage;
        try {
          msg = JSON.parse(String(event.data)) as ServerMessage;
        } catch {
          return;
        }
        switch (msg.type) {
          case "welcome":
            setStatus("connected");
            for (const m of msg.present) if (m.user_id !== msg.user_id) person(m.user_id, m.display_name);
            return;
          case "presence":
            if (msg.event === "join") person(msg.user_id, msg.display_name);
            else if (people.current.delete(msg.user_id)) publish();
            return;
          case "pose": {
            const p = person(msg.user_id, null);
            const hand = (h: { position: Vec3; rotation: Quat } | undefined) =>
              h ? { p: h.position, q: h.rotation } : undefined;
            const left = hand(msg.hands?.left);
            const right = hand(msg.hands?.right);
            p.poses.push(
              { head: { p: msg.position, q: msg.rotation }, ...(left ? { left } : {}), ...(right ? { right } : {}) },
              performance.now(),
            );
            return;
          }
          case "chat":
            setChat((c) => [
              ...c.slice(-49),
              { id: msg.id, name: named(msg.user_id, msg.display_name), text: msg.text },
            ]);
            return;
          case "error":
            setError(msg.message);
            return;
          default:
            return;
        }
      };
      ws.onclose = (event) => {
        if (socket.current !== ws) return;
        socket.current = undefined;
        people.current.clear();
        publish();
        setStatus(event.code === 1000 ? "closed" : "error");
        if (event.code !== 1000 && event.reason) setError(event.reason);
      };
    },
    [publish],
  );

  useEffect(() => () => socket.current?.close(1000), []);

  const setName = async (displayName: string) => {
    if (displayName.trim())
      await api("/metaverse/avatar", { method: "PUT", body: { display_name: displayName.trim() }, auth: true });
  };

  const create = async (name: string, displayName: string, cards: string) => {
    setError(undefined);
    try {
      if (!userId) throw new Error("sign in first");
      await setName(displayName);
      const others = cards
        .split(/\n+/)
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Card);
      const res = await api<{ session_id: string; server_endpoint: string; key_envelope: RoomKeyEnvelope }>(
        "/metaverse/create-session",
        {
          auth: true,
          body: {
            name: name.trim() || "Trading floor",
            participants: [
              { user_id: userId, kem_public_key: (await tabKem()).publicKey },
              ...others.filter((c) => c.user_id !== userId),
            ],
          },
        },
      );
      setFingerprint(await openFingerprint(res.key_envelope));
      connect(await roomSocketUrl(res.server_endpoint), res.session_id, getSession()!.accessToken);
    } catch (e) {
      setStatus("error");
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const join = async (id: string, displayName: string) => {
    setError(undefined);
    try {
      await setName(displayName);
      const key = await api<{ key_envelope: RoomKeyEnvelope }>(
        `/metaverse/sessions/${encodeURIComponent(id.trim())}/key`,
        {
          auth: true,
        },
      );
      setFingerprint(await openFingerprint(key.key_envelope));
      const room = await api<{ server_endpoint: string; session_id: string }>(
        `/metaverse/sessions/${encodeURIComponent(id.trim())}`,
        { auth: true },
      );
      connect(await roomSocketUrl(room.server_endpoint), room.session_id, getSession()!.accessToken);
    } catch (e) {
      setStatus("error");
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const say = (text: string) => {
    const ws = socket.current;
    if (ws?.readyState === WebSocket.OPEN && text.trim()) ws.send(JSON.stringify({ type: "chat", text }));
  };

  const leave = () => {
    socket.current?.close(1000);
  };

  const sendPose = useCallback((pose: Pose) => {
    const ws = socket.current;
    if (ws?.readyState !== WebSocket.OPEN || !throttle.current.offer(pose, performance.now())) return;
    const r = roundPose(pose);
    const hand = (t: typeof r.left) => (t ? { position: t.p, rotation: t.q } : undefined);
    const left = hand(r.left);
    const right = hand(r.right);
    ws.send(
      JSON.stringify({
        type: "pose",
        position: r.head.p,
        rotation: r.head.q,
        ...(left || right ? { hands: { ...(left ? { left } : {}), ...(right ? { right } : {}) } } : {}),
      }),
    );
  }, []);

  return {
    signedIn: !!userId,
    card,
    status,
    ...(error ? { error } : {}),
    ...(sessionId ? { sessionId } : {}),
    ...(fingerprint ? { fingerprint } : {}),
    avatars,
    chat,
    connected: status === "connected",
    create,
    join,
    say,
    leave,
    sendPose,
  };
}

/** Where each other visitor stands now (for the DOM list, refreshed twice a second). */
function usePositions(avatars: readonly FloorAvatar[]): Map<string, Vec3> {
  const [positions, setPositions] = useState(new Map<string, Vec3>());
  useEffect(() => {
    const tick = () => {
      const now = performance.now();
      const next = new Map<string, Vec3>();
      for (const a of avatars) {
        const pose = a.poses.sample(now);
        if (pose) next.set(a.id, pose.head.p);
      }
      setPositions(next);
    };
    const timer = window.setInterval(tick, 500);
    return () => window.clearInterval(timer);
  }, [avatars]);
  return positions;
}

/** The room's controls and its people and chat, in the DOM (names, where they stand, messages). */
export function FloorRoom({ room }: { room: FloorRoomState }) {
  const t = useTranslations("metaverse");
  const ids = { name: useId(), cards: useId(), session: useId(), chat: useId(), display: useId() };
  const [displayName, setDisplayName] = useState("");
  const [cards, setCards] = useState("");
  const [joinId, setJoinId] = useState("");
  const [text, setText] = useState("");
  const positions = usePositions(room.avatars);
  return (
    <section className="card room" aria-labelledby="room-title" data-testid="floor-room" data-room-status={room.status}>
      <h2 id="room-title">{t("roomTitle")}</h2>
      {!room.signedIn ? (
        <p className="small muted">{t("roomSignIn")}</p>
      ) : room.connected ? (
        <>
          <p data-testid="room-session">
            {t("roomIn", { id: room.sessionId ?? "" })}{" "}
            {room.fingerprint ? t("roomKey", { fingerprint: room.fingerprint }) : null}
          </p>
          <h3>{t("roomPeople")}</h3>
          {room.avatars.length === 0 ? <p className="small muted">{t("roomAlone")}</p> : null}
          <ul className="plain" data-testid="room-people">
            {room.avatars.map((a) => {
              const p = positions.get(a.id);
              return (
                <li key={a.id} data-person={a.id} data-position={p ? p.map((v) => v.toFixed(2)).join(",") : ""}>
                  {p ? t("roomPerson", { name: a.name, x: p[0].toFixed(1), z: p[2].toFixed(1) }) : a.name}
                </li>
              );
            })}
          </ul>
          <h3>{t("roomChat")}</h3>
          <ul className="plain" data-testid="room-chat" aria-live="polite">
            {room.chat.map((m) => (
              <li key={m.id}>
                <strong>{m.name}</strong>: {m.text}
              </li>
            ))}
          </ul>
          <form
            className="button-row"
            onSubmit={(e) => {
              e.preventDefault();
              room.say(text);
              setText("");
            }}
          >
            <label htmlFor={ids.chat} className="sr-only">
              {t("roomSay")}
            </label>
            <input id={ids.chat} value={text} maxLength={500} onChange={(e) => setText(e.target.value)} />
            <button type="submit">{t("roomSend")}</button>
            <button type="button" className="button-secondary" onClick={room.leave}>
              {t("roomLeave")}
            </button>
          </form>
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor={ids.display}>{t("roomYourName")}</label>
            <input
              id={ids.display}
              value={displayName}
              maxLength={64}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.name}>{t("roomCard")}</label>
            <textarea id={ids.name} readOnly rows={3} value={room.card} data-testid="room-card" />
          </div>
          <div className="field">
            <label htmlFor={ids.cards}>{t("roomInvite")}</label>
            <textarea id={ids.cards} rows={3} value={cards} onChange={(e) => setCards(e.target.value)} />
          </div>
          <button type="button" onClick={() => void room.create(t("roomDefaultName"), displayName, cards)}>
            {t("roomCreate")}
          </button>
          <div className="field">
            <label htmlFor={ids.session}>{t("roomSession")}</label>
            <input id={ids.session} value={joinId} onChange={(e) => setJoinId(e.target.value)} />
          </div>
          <button
            type="button"
            className="button-secondary"
            disabled={!joinId.trim()}
            onClick={() => void room.join(joinId, displayName)}
          >
            {t("roomJoin")}
          </button>
          {room.status === "connecting" ? <p className="small muted">{t("roomConnecting")}</p> : null}
        </>
      )}
      {room.error ? (
        <p className="field-error" role="alert">
          {room.error}
        </p>
      ) : null}
    </section>
  );
}
