"use client";
import { Canvas, useFrame, type ThreeEvent } from "@react-three/fiber";
import { useEffect, useMemo, useRef } from "react";
import { CanvasTexture, SRGBColorSpace, type Group } from "three";

import type { Lane, Scene } from "../../lib/metaverse.ts";

const UP = "#2f9e44";
const DOWN = "#e03131";
const FLAT = "#868e96";
const FLOOR = "#1b1e25";
const HIGHLIGHT = "#fab005";

export interface MarketSceneProps {
  scene: Scene;
  /** The lane to highlight (hovered here or chosen in the table). */
  active: string | undefined;
  onActive: (id: string | undefined) => void;
  /** Slowly turn the floor (off when the visitor prefers reduced motion or paused it). */
  spin: boolean;
}

function towerColour(lane: Lane): string {
  if (lane.change === undefined || Math.abs(lane.change) < 1e-9) return FLAT;
  return lane.change > 0 ? UP : DOWN;
}

/** A pool's name drawn on a 2D canvas and shown as a sprite that always faces the camera. */
function Label({ text, y, active }: { text: string; y: number; active: boolean }) {
  const texture = useMemo(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 256;
    canvas.height = 64;
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = active ? "rgba(250, 176, 5, 0.9)" : "rgba(16, 18, 23, 0.75)";
    ctx.beginPath();
    ctx.roundRect(4, 8, 248, 48, 10);
    ctx.fill();
    ctx.fillStyle = active ? "#101217" : "#e9ecf1";
    ctx.font = "600 28px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, 128, 33, 236);
    const t = new CanvasTexture(canvas);
    t.colorSpace = SRGBColorSpace;
    return t;
  }, [text, active]);
  useEffect(() => () => texture.dispose(), [texture]);
  return (
    <sprite position={[0, y, 0]} scale={[2, 0.5, 1]}>
      <spriteMaterial map={texture} transparent depthWrite={false} />
    </sprite>
  );
}

function LaneMeshes({
  lane,
  active,
  onActive,
}: {
  lane: Lane;
  active: boolean;
  onActive: MarketSceneProps["onActive"];
}) {
  const over = (e: ThreeEvent<PointerEvent>) => {
    e.stopPropagation();
    onActive(lane.id);
  };
  return (
    <group position={[lane.x, 0, 0]}>
      {/* the tower: TVL */}
      <mesh position={[0, lane.towerHeight / 2, 0]} onPointerOver={over} onPointerOut={() => onActive(undefined)}>
        <boxGeometry args={[1, lane.towerHeight, 1]} />
        <meshStandardMaterial
          color={towerColour(lane)}
          emissive={active ? HIGHLIGHT : "#000000"}
          emissiveIntensity={active ? 0.45 : 0}
        />
      </mesh>
      <Label text={lane.label} y={lane.towerHeight + 0.55} active={active} />
      {/* the candle strip: recent prices, oldest next to the tower */}
      {lane.candles.map((c, i) => (
        <group key={i} position={[0, 0, c.z]}>
          <mesh position={[0, c.wickY, 0]}>
            <boxGeometry args={[0.05, c.wickHeight, 0.05]} />
            <meshStandardMaterial color={c.up ? UP : DOWN} />
          </mesh>
          <mesh position={[0, c.bodyY, 0]}>
            <boxGeometry args={[0.3, c.bodyHeight, 0.3]} />
            <meshStandardMaterial color={c.up ? UP : DOWN} />
          </mesh>
        </group>
      ))}
    </group>
  );
}

function Floor({ scene, active, onActive, spin }: MarketSceneProps) {
  const group = useRef<Group>(null);
  useFrame((_, delta) => {
    if (spin && group.current) group.current.rotation.y += delta * 0.12;
  });
  return (
    <group ref={group}>
      {/* centred on the floor, so that it turns about its middle */}
      <group position={[0, 0, 1 - scene.depth / 2]}>
        <mesh rotation={[-Math.PI / 2, 0, 0]} position={[0, -0.01, scene.depth / 2 - 1]}>
          <planeGeometry args={[scene.width + 2, scene.depth + 2]} />
          <meshStandardMaterial color={FLOOR} />
        </mesh>
        {scene.lanes.map((lane) => (
          <LaneMeshes key={lane.id} lane={lane} active={lane.id === active} onActive={onActive} />
        ))}
      </group>
    </group>
  );
}

/**
 * The markets as a floor of lanes (three.js through react-three-fiber): a tower per pool, as tall as
 * its TVL (log scale) and coloured by its price change, and behind it the pool's recent candles.
 * Loaded on demand (next/dynamic), so three.js is not in any page's first-load JavaScript.
 */
export default function MarketScene(props: MarketSceneProps) {
  const distance = Math.max(13, props.scene.width * 1.1, props.scene.depth * 1.1);
  return (
    <Canvas
      camera={{ position: [distance * 0.55, distance * 0.6, -distance * 0.75], fov: 45 }}
      dpr={[1, 2]}
      onCreated={({ camera }) => camera.lookAt(0, 2.5, 0)}
      onPointerMissed={() => props.onActive(undefined)}
      data-testid="market-canvas"
      // a picture of the table below, which is what keyboards and screen readers use
      aria-hidden="true"
    >
      <color attach="background" args={["#101217"]} />
      <ambientLight intensity={0.55} />
      <directionalLight position={[6, 12, -4]} intensity={1.1} />
      <Floor {...props} />
    </Canvas>
  );
}
